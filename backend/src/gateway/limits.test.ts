import type { AuditPage, Device, ErrorEnvelope } from "hasync";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import WebSocket from "ws";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { THROTTLED_REASON } from "./service-calls.js";

/**
 * What one device socket, one device and one LAN address may cost (issue 11, items 2, 9, 10, 12),
 * with the default limits. Floods come from other loopback addresses (127.0.0.2, ...), as separate
 * LAN clients would; the paired devices connect from 127.0.0.1.
 */
let fx: GatewayFixture;
let token: string;
let deviceId: string;
/** The gateway's clock: held still, so the rate limiter's buckets refill only when a test says. */
let clock = Date.now();

beforeAll(async () => {
  fx = await startGatewayFixture({ now: () => clock });
  const paired = await fx.pair({ areas: ["kitchen"], access: "control" }, "Kitchen");
  token = paired.token;
  deviceId = paired.device.id;
});

afterAll(async () => {
  await fx.close();
});

async function device(): Promise<RawHaClient> {
  const client = await RawHaClient.authenticated(fx.url, token);
  onTestFinished(() => client.close());
  return client;
}

/** Opens a socket from `localAddress`; resolves with it once open (101) or with the refusal's status. */
function openFrom(localAddress: string): Promise<{ socket: WebSocket; status: number }> {
  const socket = new WebSocket(fx.wsUrl, { localAddress });
  onTestFinished(() => socket.terminate());
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve({ socket, status: 101 }));
    socket.once("unexpected-response", (_req, res) => resolve({ socket, status: res.statusCode ?? 0 }));
    socket.once("error", reject);
  });
}

/** The payload: an object holding lists nested `levels` deep, 2 bytes a level (JSON.stringify would overflow). */
const deepJson = (levels: number) => `{"a":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;

const deep = (levels: number) => {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

const turnOn = (id: number) => ({
  id,
  type: "call_service",
  domain: "light",
  service: "turn_on",
  target: { entity_id: "light.kitchen_spots" },
});

describe("depth of what a device sends (item 2)", () => {
  it("answers a WebSocket message nested too deeply invalid_format; nothing reaches HA", async () => {
    const client = await device();
    const calls = fx.ha.serviceCalls.length;
    client.send(
      `{"id":1,"type":"call_service","domain":"light","service":"turn_on","service_data":${deepJson(20_000)}}`,
    );
    expect(await client.reply(1)).toMatchObject({
      success: false,
      error: { code: "invalid_format", message: "Message nested too deeply (more than 32 levels)." },
    });
    // The message object is level 1: 32 levels pass the depth check (and meet the schema's), 33 do not.
    const max = DEFAULT_LIMITS.maxJsonDepth;
    client.send([
      { id: 2, type: "ping", x: deep(max - 2) },
      { id: 3, type: "ping", x: deep(max - 1) },
      turnOn(4),
    ]);
    expect(await client.reply(2)).toMatchObject({ error: { message: "extra keys not allowed @ data['x']" } });
    expect(await client.reply(3)).toMatchObject({ error: { message: /nested too deeply/ } });
    expect(await client.reply(4)).toMatchObject({ success: true });
    expect(fx.ha.serviceCalls.length).toBe(calls + 1);
  });

  it("answers a REST body nested too deeply, or not JSON, 400 in HA's words, after authentication", async () => {
    const post = (body: string, bearer = token) =>
      fetch(`${fx.url}/api/services/light/turn_on`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body,
      });
    const calls = fx.ha.serviceCalls.length;
    const tooDeep = await post(deepJson(20_000));
    expect(tooDeep.status).toBe(400);
    expect(await tooDeep.json()).toEqual({ message: "Data should be nested at most 32 levels deep." });
    const notJson = await post("{nope");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ message: "Data should be valid JSON." });
    expect((await post(deepJson(20_000), "wrong")).status).toBe(401);
    expect(fx.ha.serviceCalls.length).toBe(calls);
  });

  it("answers an /api/v1 body nested too deeply with HAsync's 400 envelope", async () => {
    const res = await fetch(`${fx.server.url}/api/v1/pairing/device-code`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"name":"Deep","type":"tablet","extra":${deepJson(20_000)}}`,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "invalid_request", message: "The request body is nested more than 32 levels deep." },
    });
  });
});

describe("connection caps (item 9)", () => {
  it("limits unauthenticated sockets per address; a paired device still connects", async () => {
    const flood = [];
    for (let i = 0; i < DEFAULT_LIMITS.maxUnauthenticatedPerAddress; i++)
      flood.push(await openFrom("127.0.0.2"));
    expect(flood.every((s) => s.status === 101)).toBe(true);
    expect((await openFrom("127.0.0.2")).status).toBe(429);
    expect((await openFrom("127.0.0.3")).status).toBe(101);
    const client = await device();
    client.send({ id: 1, type: "ping" });
    expect(await client.reply(1)).toEqual({ id: 1, type: "pong" });
  });

  it("caps unauthenticated sockets from all addresses together", async () => {
    const perAddress = DEFAULT_LIMITS.maxUnauthenticatedPerAddress;
    const addresses = Math.ceil(DEFAULT_LIMITS.maxUnauthenticated / perAddress);
    for (let a = 0; a < addresses; a++) {
      await Promise.all(Array.from({ length: perAddress }, () => openFrom(`127.0.1.${a + 1}`)));
    }
    expect((await openFrom("127.0.2.1")).status).toBe(503);
  });

  it("limits authenticated sockets per device", async () => {
    await waitFor(() => fx.gateway.authenticatedCount === 0, 10_000, "earlier sockets to close");
    for (let i = 0; i < DEFAULT_LIMITS.maxConnectionsPerDevice; i++) await device();
    const refused = await RawHaClient.open(fx.url);
    onTestFinished(() => refused.close());
    await refused.waitFor((m) => m.type === "auth_required");
    refused.send({ type: "auth", access_token: token });
    expect(await refused.closed).toBe(1013);
    expect(refused.frames.join()).not.toContain("auth_ok");
  });
});

describe("subscriptions per socket (item 10)", () => {
  it("refuses subscriptions beyond the limit with not_allowed; unsubscribing makes room", async () => {
    const client = await device();
    const limit = DEFAULT_LIMITS.maxSubscriptions;
    const ids = Array.from({ length: limit }, (_, i) => i + 1);
    // Several frames: each stays under the 64 kB frame limit.
    for (let start = 0; start < limit; start += 250) {
      client.send(
        ids
          .slice(start, start + 250)
          .map((id) => ({ id, type: "subscribe_events", event_type: "state_changed" })),
      );
    }
    await client.reply(limit);
    client.send({ id: limit + 1, type: "subscribe_entities" });
    expect(await client.reply(limit + 1)).toEqual({
      id: limit + 1,
      type: "result",
      success: false,
      error: { code: "not_allowed", message: `Too many subscriptions on this connection (limit ${limit}).` },
    });
    client.send({ id: limit + 2, type: "unsubscribe_events", subscription: 1 });
    expect(await client.reply(limit + 2)).toMatchObject({ success: true });
    client.send({ id: limit + 3, type: "subscribe_entities" });
    expect(await client.reply(limit + 3)).toMatchObject({ success: true });
  });
});

describe("service-call rate per device (item 12)", () => {
  it("lets a burst of 20 through, refuses the rest with HA's error, audits once per throttled stretch", async () => {
    const audit = vi.spyOn(fx.server.hasync.devices, "recordRefusedCall");
    onTestFinished(() => audit.mockRestore());
    const throttled = () => audit.mock.calls.filter((call) => call[3] === THROTTLED_REASON).length;
    clock += 60_000;
    const client = await device();
    const calls = fx.ha.serviceCalls.length;
    client.send(Array.from({ length: 25 }, (_, i) => turnOn(i + 1)));
    const replies = await Promise.all(Array.from({ length: 25 }, (_, i) => client.reply(i + 1)));
    expect(replies.filter((r) => r.success === true)).toHaveLength(20);
    expect(replies.slice(20)).toEqual(
      Array.from({ length: 5 }, (_, i) => ({
        id: 21 + i,
        type: "result",
        success: false,
        error: {
          code: "home_assistant_error",
          message: "Too many service calls from this device; try again in a moment.",
        },
      })),
    );
    expect(fx.ha.serviceCalls.length).toBe(calls + 20);
    expect(throttled()).toBe(1);

    // REST shares the device's bucket and its stretch: 429, not audited again.
    const rest = await fetch(`${fx.url}/api/services/light/turn_on`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ entity_id: "light.kitchen_spots" }),
    });
    expect(rest.status).toBe(429);
    expect(rest.headers.get("retry-after")).toBe("1");
    expect(await rest.json()).toEqual({
      message: "Too many service calls from this device; try again in a moment.",
    });
    expect(throttled()).toBe(1);

    // One second refills 10 calls; the 11th opens a new stretch, audited once more.
    clock += 1000;
    client.send(Array.from({ length: 11 }, (_, i) => turnOn(100 + i)));
    const next = await Promise.all(Array.from({ length: 11 }, (_, i) => client.reply(100 + i)));
    expect(next.map((r) => r.success)).toEqual([...Array(10).fill(true), false]);
    expect(fx.ha.serviceCalls.length).toBe(calls + 30);
    expect(throttled()).toBe(2);
    expect(audit.mock.calls.every((call) => call[0] === deviceId)).toBe(true);
  });
});

describe("a device's own rate (issue 15)", () => {
  it("applies the admin's rate at once, over WebSocket and REST alike, audits the change, and returns to the default", async () => {
    const { token: slowToken, device: slow } = await fx.pair(
      { areas: ["kitchen"], access: "control" },
      "Slow agent",
    );
    const set = await fx.admin(`/devices/${slow.id}`, {
      method: "PATCH",
      body: JSON.stringify({ rate: { burst: 2, per_minute: 6 } }),
    });
    expect(set.status).toBe(200);
    expect(((await set.json()) as Device).rate).toEqual({ burst: 2, per_minute: 6 });
    const audit = (await (await fx.admin("/audit?type=device.rate_changed")).json()) as AuditPage;
    expect(audit.entries[0]).toMatchObject({
      actor: "admin",
      detail: { device_id: slow.id, from: null, to: { burst: 2, per_minute: 6 } },
    });

    clock += 60_000;
    const client = await RawHaClient.authenticated(fx.url, slowToken);
    onTestFinished(() => client.close());
    const calls = fx.ha.serviceCalls.length;
    client.send([turnOn(1), turnOn(2), turnOn(3)]);
    const replies = await Promise.all([1, 2, 3].map((id) => client.reply(id)));
    expect(replies.map((r) => r.success)).toEqual([true, true, false]);
    expect(fx.ha.serviceCalls.length).toBe(calls + 2);
    // 6 a minute: one call back every 10 s, so REST waits 10 s, not the default's 1 s.
    const rest = await fetch(`${fx.url}/api/services/light/turn_on`, {
      method: "POST",
      headers: { authorization: `Bearer ${slowToken}` },
      body: JSON.stringify({ entity_id: "light.kitchen_spots" }),
    });
    expect(rest.status).toBe(429);
    expect(rest.headers.get("retry-after")).toBe("10");
    clock += 10_000;
    client.send(turnOn(4));
    expect(await client.reply(4)).toMatchObject({ success: true });

    const reset = await fx.admin(`/devices/${slow.id}`, {
      method: "PATCH",
      body: JSON.stringify({ rate: null }),
    });
    expect(((await reset.json()) as Device).rate).toBeNull();
    clock += 60_000;
    client.send(Array.from({ length: 5 }, (_, i) => turnOn(10 + i)));
    const after = await Promise.all(Array.from({ length: 5 }, (_, i) => client.reply(10 + i)));
    expect(after.every((r) => r.success === true)).toBe(true);
  });

  it("refuses a rate outside its bounds in the error envelope", async () => {
    for (const rate of [{ burst: 0, per_minute: 6 }, { burst: 2 }, { burst: 2, per_minute: 1e9 }, "fast"]) {
      const res = await fx.admin(`/devices/${deviceId}`, {
        method: "PATCH",
        body: JSON.stringify({ rate }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorEnvelope).error.code).toBe("invalid_request");
    }
  });
});
