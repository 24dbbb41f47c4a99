import type { AdminEvent, ConfirmationList } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConfirmFixture,
  LOCK_SCOPE,
  startConfirmFixture,
  unlockMessage,
} from "../test-support/confirm.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { INGRESS_ADMIN } from "../test-support/pairing.js";

let f: ConfirmFixture;

beforeAll(async () => {
  f = await startConfirmFixture();
});
afterAll(async () => {
  await f.close();
});

/** The admin's event stream, parsed; `next(match)` waits for a matching event. */
async function adminStream() {
  const stop = new AbortController();
  const res = await fetch(`${f.server.url}/api/v1/admin/events`, {
    headers: INGRESS_ADMIN,
    signal: stop.signal,
  });
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no stream");
  const decoder = new TextDecoder();
  let buffer = "";
  const seen: AdminEvent[] = [];
  const next = async (match: (e: AdminEvent) => boolean): Promise<AdminEvent> => {
    for (;;) {
      const found = seen.findIndex(match);
      if (found >= 0) return seen.splice(found, 1)[0] as AdminEvent;
      const chunk = await reader.read();
      if (chunk.done) throw new Error("the stream ended");
      buffer += decoder.decode(chunk.value, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const data = buffer
          .slice(0, end)
          .split("\n")
          .find((line) => line.startsWith("data: "));
        if (data) seen.push(JSON.parse(data.slice(6)) as AdminEvent);
        buffer = buffer.slice(end + 2);
      }
    }
  };
  return { next, close: () => stop.abort() };
}

const json = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });

describe("the admin's confirmation API", () => {
  it("lists held calls, pushes them live, and answers a decision once", async () => {
    expect(await (await f.admin("/confirmations")).json()).toEqual({ confirmations: [] });
    const stream = await adminStream();
    await stream.next((e) => e.type === "hello");
    const { token, device } = await f.pair(LOCK_SCOPE, "Hall tablet");
    const client = await RawHaClient.authenticated(f.server.url, token);
    client.send({
      id: 1,
      type: "call_service",
      domain: "lock",
      service: "unlock",
      service_data: { code: "1234" },
      target: { entity_id: "lock.front_door" },
    });
    const pushed = await stream.next((e) => e.type === "confirmation.pending");
    const list = (await (await f.admin("/confirmations")).json()) as ConfirmationList;
    expect(list).toEqual({ confirmations: [(pushed as { confirmation: unknown }).confirmation] });
    expect(list.confirmations[0]).toEqual({
      id: expect.stringMatching(/^cnf_/),
      device_id: device.id,
      device_name: "Hall tablet",
      service: "lock.unlock",
      entities: [{ entity_id: "lock.front_door", name: "Front Door" }],
      // The lock's code is the device's secret: masked for the admin.
      data: { code: "••••" },
      via: "websocket",
      asked_at: expect.any(String),
      deadline_at: expect.any(String),
    });
    const id = list.confirmations[0].id as string;
    expect(Date.parse(list.confirmations[0].deadline_at) - Date.parse(list.confirmations[0].asked_at)).toBe(
      120_000,
    );

    expect(await (await f.decide(id, "deny")).json()).toEqual({ outcome: "denied" });
    expect(await stream.next((e) => e.type === "confirmation.resolved")).toEqual({
      type: "confirmation.resolved",
      id,
      outcome: "denied",
      by: "admin",
    });
    const again = await f.decide(id, "allow");
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      error: { code: "conflict", message: "This call was already denied." },
    });
    expect(await (await f.admin("/confirmations")).json()).toEqual({ confirmations: [] });
    stream.close();
    client.close();
  });

  it("bad input gets the error envelope, never a 5xx", async () => {
    const unknown = await f.admin("/confirmations/cnf_nosuchcall", json({ decision: "allow" }));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: { code: "not_found", message: "No such confirmation is waiting." },
    });
    expect((await f.admin("/confirmations/..%2Fdevices", json({ decision: "allow" }))).status).toBe(404);
    for (const body of [{ decision: "maybe" }, {}, { decision: "allow", extra: 1 }, [1]]) {
      const res = await f.admin("/confirmations/cnf_nosuchcall", json(body));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
    const garbage = await f.admin("/confirmations/cnf_x", { method: "POST", body: "{not json" });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
    const unauthenticated = await fetch(`${f.server.url}/api/v1/admin/confirmations`);
    expect(unauthenticated.status).toBe(401);
  });

  it("confirm settings: defaults, validated against HA's notify services, audited", async () => {
    expect(await (await f.admin("/confirm-settings")).json()).toEqual({
      notify_service: null,
      timeout_s: 120,
    });
    const put = (body: unknown) =>
      f.admin("/confirm-settings", { method: "PUT", body: JSON.stringify(body) });
    for (const body of [
      { notify_service: null, timeout_s: 5 },
      { notify_service: "light.kitchen", timeout_s: 60 },
      { notify_service: null },
      { notify_service: null, timeout_s: 60.5 },
      { notify_service: "notify.send_message", timeout_s: 60 },
    ]) {
      const res = await put(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
    const missing = await put({ notify_service: "notify.mobile_app_nobody", timeout_s: 60 });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: {
        code: "invalid_request",
        message: "Home Assistant has no notify service notify.mobile_app_nobody.",
      },
    });
    const ok = await put({ notify_service: "notify.mobile_app_alex_phone", timeout_s: 60 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ notify_service: "notify.mobile_app_alex_phone", timeout_s: 60 });
    expect(await (await f.admin("/confirm-settings")).json()).toEqual({
      notify_service: "notify.mobile_app_alex_phone",
      timeout_s: 60,
    });
    const [entry] = f.server.hasync.audit.list({ type: "confirm.settings_changed", limit: 1 }).entries;
    expect(entry).toMatchObject({
      actor: "admin",
      detail: {
        from: { notify_service: null, timeout_s: 120 },
        to: { notify_service: "notify.mobile_app_alex_phone", timeout_s: 60 },
      },
    });
    // The next held call waits as long as the settings now say.
    const { token } = await f.pair(LOCK_SCOPE, "Timed tablet");
    const client = await RawHaClient.authenticated(f.server.url, token);
    client.send(unlockMessage(1));
    const held = await f.events.nthPending(f.events.pending.length + 1);
    expect(Date.parse(held.deadline_at) - Date.parse(held.asked_at)).toBe(60_000);
    await f.decide(held.id, "deny");
    client.close();
  });
});
