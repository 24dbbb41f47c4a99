import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import WebSocket from "ws";
import { DEFAULT_LIMITS } from "../gateway/limits.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { expectStillServing, type HostileTarget, startHostileTarget } from "../test-support/hostile.js";
import { pairDevice } from "../test-support/pairing.js";

/**
 * WebSocket and device abuse against the real composition (issue 11): an unauthenticated LAN client
 * and a paired "intruder" device throw what they can; the process keeps serving and the device
 * paired before the attack still works.
 */
let target: HostileTarget;
let intruder: string;
let wsUrl: string;

beforeAll(async () => {
  target = await startHostileTarget();
  intruder = (await pairDevice(target.server.url, { areas: ["kitchen"], access: "control" }, "Intruder"))
    .token;
  wsUrl = `${target.server.url.replace(/^http/, "ws")}/api/websocket`;
});

afterAll(async () => {
  await target.close();
});

async function attacker(): Promise<RawHaClient> {
  const client = await RawHaClient.authenticated(target.server.url, intruder);
  onTestFinished(() => client.close());
  return client;
}

function closeOf(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once("close", (code) => resolve(code)));
}

/** A socket that has been sent auth_required: `send` then goes out in the auth phase. */
async function unauthenticated(localAddress?: string): Promise<WebSocket> {
  const socket = new WebSocket(wsUrl, localAddress ? { localAddress } : {});
  onTestFinished(() => socket.terminate());
  socket.on("error", () => {});
  await new Promise((resolve) => socket.once("message", resolve));
  return socket;
}

const deepJson = (levels: number) => `{"a":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;

describe("before authentication", () => {
  it("closes binary, oversized and non-JSON auth frames", async () => {
    const binary = await unauthenticated();
    binary.send(Buffer.from([0, 1, 2]));
    expect(await closeOf(binary)).toBe(1003);
    const huge = await unauthenticated();
    huge.send("x".repeat(DEFAULT_LIMITS.maxPayloadBytes + 1));
    expect(await closeOf(huge)).toBe(1009);
    for (const frame of ["{nope", "[]", "null", deepJson(20_000), '{"type":"auth","access_token":{}}']) {
      const socket = await unauthenticated();
      socket.send(frame);
      expect(await closeOf(socket)).toBe(1008);
    }
  });

  it("holds a flood of sockets from one address to its own share", async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, () => {
        const socket = new WebSocket(wsUrl, { localAddress: "127.0.0.9" });
        onTestFinished(() => socket.terminate());
        return new Promise<number>((resolve) => {
          socket.once("open", () => resolve(101));
          socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
          socket.once("error", () => resolve(0));
        });
      }),
    );
    expect(results.filter((status) => status === 101)).toHaveLength(
      DEFAULT_LIMITS.maxUnauthenticatedPerAddress,
    );
    expect(results.filter((status) => status === 429)).toHaveLength(
      60 - DEFAULT_LIMITS.maxUnauthenticatedPerAddress,
    );
    await expectStillServing(target);
  });
});

describe("a paired device misbehaving", () => {
  it("gets HA's errors for wrong types, id reuse and unknown commands", async () => {
    const client = await attacker();
    client.send([
      { id: "1", type: "ping" },
      { id: 1.5, type: "ping" },
      { id: 2, type: 7 },
      { id: 3, type: "call_service", domain: 1, service: "x" },
      { id: 4, type: "call_service", domain: "light", service: "turn_on", service_data: [] },
      { id: 5, type: "no/such/command" },
      { id: 5, type: "ping" },
      { id: 6, type: "subscribe_entities", entity_ids: [1, 2] },
      { id: 7, type: "unsubscribe_events", subscription: "all" },
      { id: 8, type: "supported_features", features: null },
      "not an object",
      null,
      { id: 9, type: "ping" },
    ]);
    expect(await client.reply(3)).toMatchObject({ error: { code: "invalid_format" } });
    expect(await client.reply(4)).toMatchObject({ error: { code: "invalid_format" } });
    expect(await client.reply(5)).toMatchObject({ error: { code: "unknown_command" } });
    expect(await client.reply(6)).toMatchObject({ error: { code: "invalid_format" } });
    expect(await client.reply(7)).toMatchObject({ error: { code: "invalid_format" } });
    expect(await client.reply(8)).toMatchObject({ error: { code: "invalid_format" } });
    expect(await client.reply(9)).toEqual({ id: 9, type: "pong" });
    expect(client.frames.join()).toContain('"code":"id_reuse"');
  });

  it("refuses the issue's payloads: 20,000-deep service_data (WS and REST) and a 60 kB domain", async () => {
    const client = await attacker();
    const calls = target.ha.serviceCalls.length;
    client.send(
      `{"id":1,"type":"call_service","domain":"light","service":"turn_on","service_data":${deepJson(20_000)}}`,
    );
    expect(await client.reply(1)).toMatchObject({ error: { code: "invalid_format" } });
    client.send({ id: 2, type: "call_service", domain: "d".repeat(60_000), service: "x" });
    expect(await client.reply(2)).toMatchObject({ success: false, error: { code: "unauthorized" } });
    const rest = await fetch(`${target.server.url}/api/services/light/turn_on`, {
      method: "POST",
      headers: { authorization: `Bearer ${intruder}` },
      body: deepJson(20_000),
    });
    expect(rest.status).toBe(400);
    expect(target.ha.serviceCalls.length).toBe(calls);
  });

  it("cannot flood subscriptions", async () => {
    const client = await attacker();
    const limit = DEFAULT_LIMITS.maxSubscriptions;
    for (let start = 1; start <= limit + 200; start += 250) {
      const ids = Array.from({ length: 250 }, (_, i) => start + i).filter((id) => id <= limit + 200);
      client.send(ids.map((id) => ({ id, type: "subscribe_events", event_type: "state_changed" })));
    }
    expect(await client.reply(limit, 10_000)).toMatchObject({ success: true });
    expect(await client.reply(limit + 1)).toMatchObject({ error: { code: "not_allowed" } });
    expect(await client.reply(limit + 200)).toMatchObject({ error: { code: "not_allowed" } });
  }, 30_000);

  it("cannot flood service calls through to HA", async () => {
    // A socket of its own: a thousand subscriptions would each get every toggle below.
    const client = await attacker();
    const calls = target.ha.serviceCalls.length;
    const first = 1;
    const started = Date.now();
    client.send(
      Array.from({ length: 100 }, (_, i) => ({
        id: first + i,
        type: "call_service",
        domain: "light",
        service: "toggle",
        target: { entity_id: "light.kitchen_spots" },
      })),
    );
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => client.reply(first + i, 10_000)));
    const elapsedSeconds = (Date.now() - started) / 1000;
    const refused = replies.filter(
      (r) => (r.error as { code?: string } | undefined)?.code === "home_assistant_error",
    );
    // The token bucket's own bound: the burst, plus what refilled while the flood was answered.
    const reached = target.ha.serviceCalls.length - calls;
    expect(reached).toBe(100 - refused.length);
    expect(reached).toBeLessThanOrEqual(20 + Math.ceil(elapsedSeconds * 10));
  }, 30_000);

  it("leaves /health and the device paired before the attack working", async () => {
    await expectStillServing(target);
  });
});
