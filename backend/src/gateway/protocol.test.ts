import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import WebSocket from "ws";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/** HA's websocket protocol as a raw client sees it: every frame, every close code. */
let fx: GatewayFixture;
let kitchenToken: string;
const clients: RawHaClient[] = [];

const MAX_CONNECTIONS = 8;

beforeAll(async () => {
  fx = await startGatewayFixture({
    maxConnections: MAX_CONNECTIONS,
    limits: { maxBufferedBytes: 256 * 1024 },
  });
  kitchenToken = (await fx.pair({ areas: ["kitchen"], access: "control" }, "Kitchen")).token;
});

afterAll(async () => {
  for (const client of clients) client.close();
  await fx.close();
});

async function device(token = kitchenToken): Promise<RawHaClient> {
  const client = await RawHaClient.authenticated(fx.url, token);
  clients.push(client);
  return client;
}

async function raw(url = fx.url): Promise<RawHaClient> {
  const client = await RawHaClient.open(url);
  clients.push(client);
  return client;
}

function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

describe("the auth phase", () => {
  it("asks for auth with HA's version, and drops a malformed or wrong auth message", async () => {
    const client = await raw();
    expect(await client.waitFor((m) => m.type === "auth_required")).toEqual({
      type: "auth_required",
      ha_version: "2026.11.3",
    });
    client.send({ type: "auth", api_password: "x" });
    expect(await client.waitFor((m) => m.type === "auth_invalid")).toHaveProperty("message");
    expect(await client.closed).toBe(1008);

    const wrong = await raw();
    wrong.send({ type: "auth", access_token: `hasync_${"B".repeat(43)}` });
    expect(await wrong.waitFor((m) => m.type === "auth_invalid")).toEqual({
      type: "auth_invalid",
      message: "Invalid access token or password",
    });
    expect(await wrong.closed).toBe(1008);
  });

  it("closes a socket that does not authenticate in time", async () => {
    // A gateway of its own with a short auth phase: the other tests' sockets must not race it
    // on a loaded machine.
    const short = await startGatewayFixture({ limits: { authTimeoutMs: 300 } });
    onTestFinished(() => short.close());
    const client = await raw(short.url);
    const started = Date.now();
    expect(await client.closed).toBe(1008);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(client.frames.map((f) => JSON.parse(f).type)).toEqual(["auth_required"]);
  });
});

describe("commands", () => {
  it("checks ids like HA: well-formed, strictly increasing", async () => {
    const client = await device();
    client.send({ type: "ping" });
    expect(await client.waitFor((m) => m.type === "result")).toMatchObject({
      id: null,
      success: false,
      error: { code: "invalid_format" },
    });
    client.send({ id: 5, type: "ping" });
    expect(await client.reply(5)).toEqual({ id: 5, type: "pong" });
    client.send({ id: 5, type: "ping" });
    expect(await client.reply(5)).toMatchObject({ success: false, error: { code: "id_reuse" } });
    client.send({ id: 4, type: "get_states" });
    expect(await client.reply(4)).toMatchObject({ error: { code: "id_reuse" } });
    client.send({ id: 6, type: "get_states", extra: 1 });
    expect(await client.reply(6)).toMatchObject({ error: { code: "invalid_format" } });
  });

  it("answers unknown commands unknown_command and withheld ones unauthorized", async () => {
    const client = await device();
    client.send([
      { id: 1, type: "no_such_command" },
      { id: 2, type: "render_template", template: "{{ states | count }}" },
      { id: 3, type: "fire_event", event_type: "x" },
      { id: 4, type: "subscribe_events" },
      { id: 5, type: "unsubscribe_events", subscription: 99 },
    ]);
    expect(await client.reply(1)).toMatchObject({
      error: { code: "unknown_command", message: "Unknown command." },
    });
    expect(await client.reply(2)).toMatchObject({ error: { code: "unauthorized" } });
    expect(await client.reply(3)).toMatchObject({ error: { code: "unauthorized" } });
    expect(await client.reply(4)).toMatchObject({ error: { code: "unauthorized" } });
    expect(await client.reply(5)).toMatchObject({ error: { code: "not_found" } });
  });

  it("coalesces bursts into JSON-array frames once asked to", async () => {
    const client = await device();
    client.send({ id: 1, type: "supported_features", features: { coalesce_messages: 1 } });
    client.send({ id: 2, type: "subscribe_entities" });
    await client.waitFor((m) => m.id === 2 && m.type === "event");
    const before = client.frames.length;
    for (let i = 0; i < 20; i++) fx.ha.setState("sensor.fridge_power", String(80 + i));
    await client.waitFor((m) => JSON.stringify(m).includes('"s":"99"'));
    const frames = client.frames.slice(before);
    expect(frames.some((f) => f.startsWith("["))).toBe(true);
    expect(frames.length).toBeLessThan(20);
  });

  it("filters subscribe_entities to the requested ids within the scope", async () => {
    const client = await device();
    client.send({
      id: 1,
      type: "subscribe_entities",
      entity_ids: ["light.kitchen_spots", "lock.front_door"],
    });
    expect(await client.reply(1)).toMatchObject({ success: true });
    const first = await client.waitFor((m) => m.id === 1 && m.type === "event");
    expect(Object.keys((first.event as { a: object }).a)).toEqual(["light.kitchen_spots"]);
    client.send({ id: 2, type: "unsubscribe_events", subscription: 1 });
    expect(await client.reply(2)).toMatchObject({ success: true });
    fx.ha.setState("light.kitchen_spots", "on", { brightness: 12 });
    client.send({ id: 3, type: "ping" });
    await client.reply(3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.frames.join("\n")).not.toContain('"brightness":12');
  });

  it("lists only the registry entries behind the scope, without network details", async () => {
    const client = await device();
    client.send([
      { id: 1, type: "config/area_registry/list" },
      { id: 2, type: "config/device_registry/list" },
      { id: 3, type: "config/entity_registry/list_for_display" },
    ]);
    const areas = (await client.reply(1)).result as Array<{ area_id: string }>;
    expect(areas.map((a) => a.area_id)).toEqual(["kitchen"]);
    const devices = (await client.reply(2)).result as Array<Record<string, unknown>>;
    expect(devices.map((d) => d.name).sort()).toEqual([
      "Coffee Maker Plug",
      "Fridge Plug",
      "Kitchen Spots",
      "Sink Leak Sensor",
    ]);
    for (const d of devices) {
      for (const hidden of ["identifiers", "connections", "configuration_url", "config_entries"]) {
        expect(d).not.toHaveProperty(hidden);
      }
    }
    const display = (await client.reply(3)).result as {
      entity_categories: object;
      entities: Array<{ ei: string }>;
    };
    expect(display.entity_categories).toEqual({ 0: "config", 1: "diagnostic" });
    const ids = display.entities.map((e) => e.ei).sort();
    expect(ids).toEqual([...fx.server.hasync.devices.entitiesOf(await kitchenId())].sort());
    expect(display.entities.find((e) => e.ei === "sensor.kitchen_water_leak_battery")).toMatchObject({
      ec: 1,
    });
  });

  it("does not reveal a scene's members outside the scope", async () => {
    const { token } = await fx.pair(
      { entities: ["scene.movie_night", "light.living_room_ceiling"] },
      "Remote",
    );
    const client = await device(token);
    client.send({ id: 1, type: "get_states" });
    const states = (await client.reply(1)).result as Array<{
      entity_id: string;
      attributes: Record<string, unknown>;
    }>;
    const scene = states.find((s) => s.entity_id === "scene.movie_night");
    expect(scene?.attributes.entity_id).toEqual(["light.living_room_ceiling"]);
    expect(JSON.stringify(states)).not.toContain("floor_lamp");
  });

  it("re-sends a scene the device holds when its members enter or leave the scope", async () => {
    const ceiling = "light.living_room_ceiling";
    const lamp = "light.living_room_floor_lamp";
    const { token, device: paired } = await fx.pair({ entities: ["scene.movie_night", ceiling] }, "Sofa");
    const setEntities = (entities: string[]) =>
      fx.admin(`/devices/${paired.id}`, { method: "PATCH", body: JSON.stringify({ scope: { entities } }) });
    const client = await device(token);
    // Free its connection slot even on failure: later tests count connections.
    onTestFinished(() => client.close());
    client.send({ id: 1, type: "subscribe_entities" });
    const first = await client.waitFor((m) => m.id === 1 && m.type === "event");
    const initial = (first.event as { a: Record<string, { a: { entity_id: string[] } }> }).a;
    expect(initial["scene.movie_night"]?.a.entity_id).toEqual([ceiling]);
    client.send({ id: 2, type: "subscribe_events", event_type: "state_changed" });
    await client.reply(2);

    type SceneDiff = { "+"?: { a?: { entity_id?: string[] } } };
    const sceneDiff = (m: Record<string, unknown>) =>
      m.id === 1 &&
      m.type === "event" &&
      (m.event as { c?: Record<string, SceneDiff> }).c?.["scene.movie_night"];
    type Changed = { data: { entity_id: string; old_state: SceneState; new_state: SceneState } };
    type SceneState = { attributes: { entity_id: string[] } } | null;
    const sceneChanged = (m: Record<string, unknown>) =>
      m.id === 2 && m.type === "event" && (m.event as Changed).data.entity_id === "scene.movie_night";

    await setEntities(["scene.movie_night", ceiling, lamp]);
    const grown = await client.waitFor((m) => Boolean(sceneDiff(m)));
    expect(sceneDiff(grown)).toEqual({ "+": { a: { entity_id: [ceiling, lamp] } } });
    const grownEvent = (await client.waitFor(sceneChanged)).event as Changed;
    expect(grownEvent.data.old_state?.attributes.entity_id).toEqual([ceiling]);
    expect(grownEvent.data.new_state?.attributes.entity_id).toEqual([ceiling, lamp]);

    // Matched messages are consumed: the next scene diff is the one this edit causes.
    await setEntities(["scene.movie_night"]);
    const shrunk = await client.waitFor((m) => Boolean(sceneDiff(m)));
    expect(sceneDiff(shrunk)).toEqual({ "+": { a: { entity_id: [] } } });
    await client.waitFor(
      (m) => sceneChanged(m) && (m.event as Changed).data.new_state?.attributes.entity_id.length === 0,
    );
    expect(client.frames.join("\n")).not.toContain("media_player.living_room_tv");
  });
});

async function kitchenId(): Promise<string> {
  const device = fx.server.hasync.devices.authenticate(kitchenToken, "127.0.0.1");
  if (device === null) throw new Error("kitchen device missing");
  return device.id;
}

describe("limits", () => {
  it("closes on invalid JSON, binary frames and oversized frames", async () => {
    const bad = await device();
    bad.send("{not json");
    expect(await bad.closed).toBe(1008);
    const binary = new WebSocket(fx.wsUrl);
    const binaryClosed = closeOf(binary);
    binary.once("message", () => binary.send(Buffer.from([1, 2, 3])));
    expect((await binaryClosed).code).toBe(1003);
    const big = new WebSocket(fx.wsUrl);
    const bigClosed = closeOf(big);
    big.once("message", () => big.send(JSON.stringify({ type: "auth", access_token: "x".repeat(70_000) })));
    expect((await bigClosed).code).toBe(1009);
  });

  it("refuses authenticated connections beyond the limit; sockets still authenticating do not count", async () => {
    // More sockets in the auth phase than the cap: they must not keep a device out (issue 11, item 9).
    const waiting = await Promise.all(Array.from({ length: MAX_CONNECTIONS + 2 }, () => raw()));
    const extra: RawHaClient[] = [];
    while (fx.gateway.authenticatedCount < MAX_CONNECTIONS) extra.push(await device());
    const refused = await raw();
    await refused.waitFor((m) => m.type === "auth_required");
    refused.send({ type: "auth", access_token: kitchenToken });
    expect(await refused.closed).toBe(1013);
    expect(refused.frames.map((f) => JSON.parse(f).type)).toEqual(["auth_required"]);
    for (const client of [...extra, ...waiting]) client.close();
    await waitFor(() => fx.gateway.authenticatedCount < MAX_CONNECTIONS, 10_000, "slots to free up");
  });

  it("closes a device that stops reading once its send buffer is full; others carry on", async () => {
    const { token } = await fx.pair(
      { areas: ["living_room", "kitchen", "hallway", "office", "garage"] },
      "Wall",
    );
    const slow = new WebSocket(fx.wsUrl);
    const slowClosed = closeOf(slow);
    await new Promise((resolve) => slow.once("message", resolve));
    slow.send(JSON.stringify({ type: "auth", access_token: token }));
    await new Promise((resolve) => slow.once("message", resolve));
    const healthy = await device();
    const openBefore = fx.gateway.connectionCount;
    // The device stops reading; the kernel's buffers fill first, then the gateway's.
    slow.pause();
    const cut = () => fx.lines.some((line) => line.includes("send buffer full"));
    for (let id = 1; id <= 5000 && !cut(); id++) {
      slow.send(JSON.stringify({ id, type: "get_states" }));
      if (id % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await waitFor(cut, 10_000, "the slow device to be cut off");
    await waitFor(() => fx.gateway.connectionCount === openBefore - 1, 10_000, "the slow socket to be gone");
    healthy.send({ id: 1, type: "ping" });
    expect(await healthy.reply(1)).toEqual({ id: 1, type: "pong" });
    slow.resume();
    // The close frame sits behind the unread data; once the grace period ends the socket is cut.
    expect([4008, 1006]).toContain((await slowClosed).code);
  });
});

describe("revocation and shutdown", () => {
  it("closes a revoked device's socket with 4001 within a second", async () => {
    const { token, device: paired } = await fx.pair({ areas: ["garage"] }, "Old tablet");
    const socket = new WebSocket(fx.wsUrl);
    const closed = closeOf(socket);
    await new Promise((resolve) => socket.once("message", resolve));
    socket.send(JSON.stringify({ type: "auth", access_token: token }));
    await new Promise((resolve) => socket.once("message", resolve));
    const started = Date.now();
    await fx.admin(`/devices/${paired.id}`, { method: "DELETE" });
    expect(await closed).toEqual({ code: 4001, reason: "revoked" });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("stop() closes every device socket with 1001", async () => {
    const socket = new WebSocket(fx.wsUrl);
    const closed = closeOf(socket);
    await new Promise((resolve) => socket.once("message", resolve));
    expect(fx.gateway.indexedEntityCount).toBeGreaterThan(0);
    await fx.gateway.stop();
    expect(await closed).toEqual({ code: 1001, reason: "HAsync is stopping" });
    expect(fx.gateway.connectionCount).toBe(0);
    // Every subscription left the fan-out index with its socket.
    expect(fx.gateway.indexedEntityCount).toBe(0);
  });
});
