import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { DemoHomeAssistant } from "./index.js";

let demo: DemoHomeAssistant;
const clients: RawHaClient[] = [];

async function client(): Promise<RawHaClient> {
  const c = await RawHaClient.authenticated(demo.url, demo.token);
  clients.push(c);
  return c;
}

beforeEach(async () => {
  demo = new DemoHomeAssistant({ driftIntervalMs: 0, token: "test-token" });
  await demo.start();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await demo.stop();
});

describe("auth phase", () => {
  it("sends auth_required with the version, then auth_ok", async () => {
    const c = await RawHaClient.open(demo.url);
    clients.push(c);
    expect(await c.waitFor((m) => m.type === "auth_required")).toEqual({
      type: "auth_required",
      ha_version: "2026.11.3",
    });
    c.send({ type: "auth", access_token: "test-token" });
    expect(await c.waitFor(() => true)).toEqual({ type: "auth_ok", ha_version: "2026.11.3" });
  });

  it.each([
    [{ type: "auth", access_token: "wrong" }, "Invalid access token or password"],
    [{ type: "auth" }, "Invalid access token or password"],
    [
      { id: 1, type: "get_states" },
      "Auth message incorrectly formatted: value must be one of ['auth'] for dictionary value @ data['type']",
    ],
  ])("answers %j with auth_invalid and closes", async (message, reason) => {
    const c = await RawHaClient.open(demo.url);
    clients.push(c);
    c.send(message);
    expect(await c.waitFor((m) => m.type === "auth_invalid")).toEqual({
      type: "auth_invalid",
      message: reason,
    });
    expect(await c.closed).toBe(1000);
  });
});

describe("command phase", () => {
  it("answers ping with pong and rejects reused or decreasing ids", async () => {
    const c = await client();
    c.send({ id: 5, type: "ping" });
    expect(await c.reply(5)).toEqual({ id: 5, type: "pong" });
    c.send({ id: 5, type: "get_states" });
    expect(await c.reply(5)).toEqual({
      id: 5,
      type: "result",
      success: false,
      error: { code: "id_reuse", message: "Identifier values have to increase." },
    });
    c.send({ id: 3, type: "ping" });
    expect((await c.reply(3)).error).toMatchObject({ code: "id_reuse" });
    c.send({ id: 6, type: "ping" });
    expect(await c.reply(6)).toEqual({ id: 6, type: "pong" });
  });

  it("answers malformed and unknown commands with HA's error codes", async () => {
    const c = await client();
    c.send({ type: "ping" });
    expect(await c.waitFor((m) => m.type === "result")).toMatchObject({
      id: null,
      error: { code: "invalid_format", message: "Message incorrectly formatted." },
    });
    c.send([1, 2]);
    expect(await c.waitFor((m) => m.id === 0)).toMatchObject({ error: { code: "invalid_format" } });
    c.send({ id: 2, type: "teleport" });
    expect((await c.reply(2)).error).toEqual({ code: "unknown_command", message: "Unknown command." });
    c.send({ id: 3, type: "call_service", service: "turn_on" });
    expect((await c.reply(3)).error).toEqual({
      code: "invalid_format",
      message: "required key not provided @ data['domain']. Got None",
    });
    c.send({ id: 4, type: "get_states", extra: 1 });
    expect((await c.reply(4)).error).toMatchObject({
      code: "invalid_format",
      message: "extra keys not allowed @ data['extra']. Got 1",
    });
    c.send({ id: 5, type: "unsubscribe_events", subscription: 99 });
    expect((await c.reply(5)).error).toEqual({ code: "not_found", message: "Subscription not found." });
    c.send({ id: 6, type: "ping" });
    expect(await c.reply(6)).toEqual({ id: 6, type: "pong" });
  });

  it("closes the socket on invalid JSON or binary frames, like HA, and keeps serving others", async () => {
    const bad = await client();
    bad.send("{not json");
    expect(await bad.closed).toBe(1000);
    const binary = await client();
    (binary as unknown as { socket: WebSocket }).socket.send(Buffer.from([1, 2, 3]));
    await binary.closed;
    const good = await client();
    good.send({ id: 1, type: "ping" });
    expect(await good.reply(1)).toEqual({ id: 1, type: "pong" });
  });

  it("coalesces messages into JSON arrays only for clients that asked", async () => {
    const plain = await client();
    const coalesced = await client();
    coalesced.send({ id: 1, type: "supported_features", features: { coalesce_messages: 1 } });
    expect(await coalesced.reply(1)).toMatchObject({ success: true, result: null });
    for (const c of [plain, coalesced]) {
      c.send({ id: 2, type: "subscribe_events", event_type: "state_changed" });
      await c.reply(2);
    }
    const before = { plain: plain.frames.length, coalesced: coalesced.frames.length };
    for (let i = 0; i < 20; i++) demo.setState("sensor.office_co2", String(500 + i));
    for (const c of [plain, coalesced]) {
      for (let i = 0; i < 20; i++) await c.waitFor((m) => m.type === "event");
    }
    const plainFrames = plain.frames.slice(before.plain);
    const coalescedFrames = coalesced.frames.slice(before.coalesced);
    expect(plainFrames).toHaveLength(20);
    expect(plainFrames.every((f) => f.startsWith("{"))).toBe(true);
    expect(coalescedFrames.length).toBeLessThan(20);
    expect(coalescedFrames.some((f) => f.startsWith("["))).toBe(true);
  });

  it("accepts a client's own batch of commands in one array frame", async () => {
    const c = await client();
    c.send([
      { id: 1, type: "ping" },
      { id: 2, type: "ping" },
    ]);
    expect(await c.reply(1)).toEqual({ id: 1, type: "pong" });
    expect(await c.reply(2)).toEqual({ id: 2, type: "pong" });
  });

  it("filters subscribe_entities by entity_ids and stops events on unsubscribe_events", async () => {
    const c = await client();
    c.send({ id: 1, type: "subscribe_entities", entity_ids: ["lock.front_door", "light.nowhere"] });
    expect(await c.reply(1)).toMatchObject({ success: true, result: null });
    const initial = await c.waitFor((m) => m.id === 1 && m.type === "event");
    expect(Object.keys((initial.event as { a: object }).a)).toEqual(["lock.front_door"]);
    demo.setState("light.hallway", "on");
    demo.setState("lock.front_door", "unlocked");
    const diff = await c.waitFor((m) => m.id === 1 && m.type === "event");
    const change = (diff.event as { c: Record<string, { "+": Record<string, unknown> }> }).c[
      "lock.front_door"
    ];
    expect(change?.["+"]).toMatchObject({ s: "unlocked", lc: expect.any(Number), c: expect.any(String) });
    c.send({ id: 2, type: "unsubscribe_events", subscription: 1 });
    expect(await c.reply(2)).toMatchObject({ success: true });
    demo.setState("lock.front_door", "locked");
    c.send({ id: 3, type: "ping" });
    await c.reply(3);
    await expect(c.waitFor((m) => m.id === 1, 100)).rejects.toThrow();
  });

  it("sends raw frames to every client on request, without breaking the connection", async () => {
    const c = await client();
    demo.sendRawToAll("this is not json");
    demo.sendRawToAll('{"type":"surprise"}');
    await expect(c.waitFor((m) => m.type === "surprise")).resolves.toEqual({ type: "surprise" });
    expect(c.frames).toContain("this is not json");
    c.send({ id: 1, type: "ping" });
    expect(await c.reply(1)).toEqual({ id: 1, type: "pong" });
  });

  it("refuses new connections while unavailable and counts open ones", async () => {
    await client();
    expect(demo.connectionCount).toBe(1);
    demo.setAvailable(false);
    await expect(RawHaClient.open(demo.url)).rejects.toThrow();
    demo.setAvailable(true);
    await client();
    expect(demo.connectionCount).toBe(2);
    demo.dropConnections();
    expect(demo.connectionCount).toBe(0);
  });
});

describe("lifecycle", () => {
  it("keeps its home across stop() and start(), like an HA restart", async () => {
    demo.setState("light.hallway", "on");
    await demo.stop();
    await demo.stop();
    await demo.start();
    const c = await client();
    c.send({ id: 1, type: "get_states" });
    const states = (await c.reply(1)).result as Array<{ entity_id: string; state: string }>;
    expect(states.find((s) => s.entity_id === "light.hallway")?.state).toBe("on");
  });

  it("closes clients that never authenticate once stopped, and refuses url before start", async () => {
    const idle = await RawHaClient.open(demo.url);
    clients.push(idle);
    await demo.stop();
    await idle.closed;
    expect(() => new DemoHomeAssistant().url).toThrow("not started");
  });
});
