import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { AdminEvent } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DemoHomeAssistant } from "../simulator/index.js";
import { startTestServer, type TestServer } from "../test-support/harness.js";
import { adminPost, INGRESS_ADMIN, pairDevice, requestCodes } from "../test-support/pairing.js";
import { AdminEvents } from "./admin-events.js";

let ha: DemoHomeAssistant;
let server: TestServer;

beforeAll(async () => {
  ha = new DemoHomeAssistant({ seed: 3, driftIntervalMs: 0 });
  await ha.start();
  server = await startTestServer({
    env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
  });
  await server.hasync.ha.waitUntilSynced(5000);
});
afterAll(async () => {
  await server.close();
  await ha.stop();
});

/** Reads an SSE stream into parsed events until `stop()`. */
async function listen(query = "") {
  const controller = new AbortController();
  const res = await fetch(`${server.url}/api/v1/admin/events${query}`, {
    headers: INGRESS_ADMIN,
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events: AdminEvent[] = [];
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const pump = (async () => {
    for (;;) {
      const chunk = await reader?.read().catch(() => undefined);
      if (!chunk || chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const data = buffer
          .slice(0, end)
          .split("\n")
          .find((l) => l.startsWith("data: "));
        if (data) events.push(JSON.parse(data.slice(6)) as AdminEvent);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
      }
    }
  })();
  const waitFor = async (predicate: (e: AdminEvent) => boolean) => {
    const deadline = Date.now() + 3000;
    for (;;) {
      const found = events.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no such event; got ${events.map((e) => e.type).join(", ")}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return {
    events,
    waitFor,
    async stop() {
      controller.abort();
      await pump;
    },
  };
}

describe("the admin push channel", () => {
  it("refuses anyone who is not an admin", async () => {
    expect((await fetch(`${server.url}/api/v1/admin/events`)).status).toBe(401);
  });

  it("pushes a new pairing request live, then its approval and the new device", async () => {
    const stream = await listen();
    await stream.waitFor((e) => e.type === "hello");
    const codes = await requestCodes(server.url, "Living room TV");
    const pending = await stream.waitFor((e) => e.type === "pairing.pending");
    expect(pending.type === "pairing.pending" && pending.request).toMatchObject({
      name: "Living room TV",
      user_code: codes.user_code,
    });
    const approved = await adminPost(server.url, "/pairing/approve", {
      user_code: codes.user_code,
      scope: { areas: ["living_room"] },
    });
    expect(approved.status).toBe(201);
    await stream.waitFor((e) => e.type === "pairing.resolved" && e.outcome === "approved");
    await stream.waitFor((e) => e.type === "device.updated" && e.device.name === "Living room TV");
    await stream.waitFor((e) => e.type === "audit" && e.entry.type === "pairing.approved");
    expect(JSON.stringify(stream.events)).not.toContain(codes.device_code);
    await stream.stop();
  });

  it("streams a live preview of exactly what one device sees", async () => {
    const { device } = await pairDevice(server.url, { areas: ["kitchen"] }, "Preview me");
    const stream = await listen(`?device=${device.id}`);
    ha.setState("light.kitchen_spots", "on", { brightness: 200 });
    ha.setState("light.living_room_ceiling", "off");
    const change = await stream.waitFor((e) => e.type === "preview");
    expect(change).toMatchObject({
      device_id: device.id,
      changes: [{ entity_id: "light.kitchen_spots", state: "on" }],
    });
    ha.moveEntityToArea("switch.coffee_maker", "office");
    await stream.waitFor(
      (e) =>
        e.type === "preview" &&
        e.changes.some((c) => c.entity_id === "switch.coffee_maker" && c.state === null),
    );
    const previewed = stream.events.flatMap((e) =>
      e.type === "preview" ? e.changes.map((c) => c.entity_id) : [],
    );
    expect(previewed).not.toContain("light.living_room_ceiling");
    await stream.stop();
    expect(
      (await fetch(`${server.url}/api/v1/admin/events?device=dev_unknown`, { headers: INGRESS_ADMIN }))
        .status,
    ).toBe(404);
  });
});

describe("the live preview", () => {
  it("shows a scene's members only as far as the device's scope reaches", async () => {
    const { device } = await pairDevice(
      server.url,
      { entities: ["scene.movie_night", "light.living_room_ceiling"] },
      "Scene watcher",
    );
    const stream = await listen(`?device=${device.id}`);
    await stream.waitFor((e) => e.type === "hello");
    ha.setState("scene.movie_night", "2026-11-27T12:00:00+00:00");
    const change = await stream.waitFor(
      (e) => e.type === "preview" && e.changes.some((c) => c.entity_id === "scene.movie_night"),
    );
    expect(change).toMatchObject({
      changes: [{ entity_id: "scene.movie_night", attributes: { entity_id: ["light.living_room_ceiling"] } }],
    });
    await stream.stop();
  });
});

describe("shutdown", () => {
  it("ends admin streams only once it refuses connections, so a page cannot reconnect into it", async () => {
    const own = await startTestServer({
      env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    });
    // A device socket makes stop() wait for its close handshake while the stream has ended.
    const device = new WebSocket(`${own.url.replace("http", "ws")}/api/websocket`);
    await new Promise((resolve) => device.once("message", resolve));
    const res = await fetch(`${own.url}/api/v1/admin/events`, { headers: INGRESS_ADMIN });
    const reader = res.body?.getReader();
    expect(new TextDecoder().decode((await reader?.read())?.value)).toContain('"type":"hello"');

    const stopped = own.close();
    while (!(await reader?.read())?.done) {}
    const again = await fetch(`${own.url}/api/v1/admin/events`, { headers: INGRESS_ADMIN }).then(
      (r) => r.status,
      (error: Error & { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(again).toBe("ECONNREFUSED");
    await stopped;
  });
});

/** An admin page on a raw HTTP client, so the test decides when it reads (`pause`/`resume`). */
function rawStream(
  url: string,
): Promise<{ res: http.IncomingMessage; events: AdminEvent[]; bytes: () => number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: INGRESS_ADMIN }, (res) => {
      const events: AdminEvent[] = [];
      let buffer = "";
      let bytes = 0;
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        bytes += chunk.length;
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const data = buffer
            .slice(0, end)
            .split("\n")
            .find((l) => l.startsWith("data: "));
          if (data) {
            const event = JSON.parse(data.slice(6)) as AdminEvent;
            events.push(event);
            res.emit("event", event);
          }
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
      });
      res.once("event", () => resolve({ res, events, bytes: () => bytes }));
    });
    req.on("error", reject);
  });
}

const nextEvent = (res: http.IncomingMessage, match: (e: AdminEvent) => boolean) =>
  new Promise<AdminEvent>((resolve) => {
    const listener = (e: AdminEvent) => {
      if (!match(e)) return;
      res.off("event", listener);
      resolve(e);
    };
    res.on("event", listener);
  });

/** About 1 kB of SSE per entry (stored strings are clipped to 200 characters). */
function flood(count: number): void {
  const text = "x".repeat(190);
  for (let i = 0; i < count; i++) {
    server.hasync.audit.record("device.renamed", {
      actor: "flood",
      detail: { from: text, to: text, name: text, n: i },
    });
  }
}

describe("a page that stops reading", () => {
  it("gets events dropped instead of queued, then a fresh hello to resync from", async () => {
    const page = await rawStream(`${server.url}/api/v1/admin/events`);
    expect(page.events.map((e) => e.type)).toEqual(["hello"]);
    page.res.pause();
    const total = 5000; // ~5 MB, written faster than the kernel takes it
    flood(total);
    const resync = nextEvent(page.res, (e) => e.type === "hello");
    page.res.resume();
    await resync;
    const delivered = page.events.filter((e) => e.type === "audit").length;
    // 0861a99 queued every event in memory and delivered all of them, and never said hello again.
    expect(delivered).toBeLessThan(total / 2);
    // Live again after the resync.
    const live = nextEvent(page.res, (e) => e.type === "audit" && e.entry.actor === "after");
    server.hasync.audit.record("auth.logout", { actor: "after" });
    await live;
    page.res.destroy();
  });

  it("holds at most one socket buffer for it, however long the flood", async () => {
    const events = new AdminEvents({
      pairing: server.hasync.pairing,
      devices: server.hasync.devices,
      audit: server.hasync.audit,
      mirror: server.hasync.ha,
    });
    const app = express();
    app.use(events.router());
    const own = http.createServer(app);
    await new Promise<void>((resolve) => own.listen(0, "127.0.0.1", resolve));
    try {
      const page = await rawStream(`http://127.0.0.1:${(own.address() as AddressInfo).port}/events`);
      page.res.pause();
      // Across event-loop turns, so the kernel's socket buffers take their share as they would.
      let most = 0;
      for (let round = 0; round < 30; round++) {
        flood(100);
        most = Math.max(most, events.bufferedBytes());
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(most).toBeLessThan(64 * 1024);
      const resync = nextEvent(page.res, (e) => e.type === "hello");
      page.res.resume();
      await resync;
      page.res.destroy();
    } finally {
      events.closeAll();
      own.closeAllConnections();
      await new Promise((resolve) => own.close(resolve));
    }
  });
});
