import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/**
 * Forecasts, to-do items, calendar events and a labs feature, directly against the demo HA and
 * through HAsync: the same answers for entities in the scope, HA's "not found" for the others.
 */
let fx: GatewayFixture;
let direct: RawHaClient;
let device: RawHaClient;
let reader: RawHaClient;
let deviceId: string;
let nextId = 1;

const TODO = "todo.shopping_list";
const CALENDAR = "calendar.family";
const WEATHER = "weather.forecast_home";
/** In HA, in no device's scope. */
const HIDDEN_TODO = "todo.garage_jobs";

beforeAll(async () => {
  fx = await startGatewayFixture();
  fx.ha.setState(TODO, "2", { friendly_name: "Shopping list", supported_features: 15 });
  fx.ha.setState(CALENDAR, "off", { friendly_name: "Family" });
  fx.ha.setState(HIDDEN_TODO, "1", { friendly_name: "Garage jobs", supported_features: 15 });
  const entities = [TODO, CALENDAR, WEATHER, "camera.driveway"];
  const paired = await fx.pair({ areas: ["kitchen"], entities, access: "control" }, "Kitchen");
  const readOnly = await fx.pair({ entities: [TODO], access: "read" }, "Hall");
  deviceId = paired.device.id;
  direct = await RawHaClient.authenticated(fx.ha.url, fx.ha.token);
  device = await RawHaClient.authenticated(fx.url, paired.token);
  reader = await RawHaClient.authenticated(fx.url, readOnly.token);
});

afterAll(async () => {
  for (const client of [direct, device, reader]) client.close();
  await fx.close();
});

type Reply = { success: boolean; result?: unknown; error?: { code: string; message: string } };
async function ask(client: RawHaClient, message: Record<string, unknown>): Promise<Reply> {
  const id = nextId++;
  client.send({ id, ...message });
  const { id: _id, type: _type, ...reply } = await client.reply(id);
  return reply as unknown as Reply;
}

/** A subscription's result and its first event. */
async function subscribe(client: RawHaClient, message: Record<string, unknown>) {
  const id = nextId++;
  client.send({ id, ...message });
  const reply = await client.reply(id);
  if (reply.success !== true) return { id, reply, event: undefined };
  const first = await client.waitFor((m) => m.id === id && m.type === "event");
  return { id, reply, event: first.event };
}

describe("feeds of one entity", () => {
  it("forwards a forecast, the to-do items, a calendar's events and a labs feature as HA sends them", async () => {
    const messages = [
      { type: "weather/subscribe_forecast", entity_id: WEATHER, forecast_type: "daily" },
      { type: "todo/item/subscribe", entity_id: TODO },
      {
        type: "calendar/event/subscribe",
        entity_id: CALENDAR,
        start: "2026-11-04T00:00:00Z",
        end: "2026-11-05T00:00:00Z",
      },
      { type: "labs/subscribe", domain: "frontend", preview_feature: "winter_mode" },
    ];
    for (const message of messages) {
      const theirs = await subscribe(direct, message);
      const mine = await subscribe(device, message);
      expect([message.type, mine.reply.success]).toEqual([message.type, true]);
      expect(mine.event).toEqual(theirs.event);
      expect(theirs.event).toBeTruthy();
      expect((await ask(device, { type: "unsubscribe_events", subscription: mine.id })).success).toBe(true);
    }
    const list = { type: "todo/item/list", entity_id: TODO };
    expect(await ask(device, list)).toEqual(await ask(direct, list));
  });

  it("answers an entity outside the scope as HA answers one it does not have", async () => {
    const window = { start: "2026-11-04T00:00:00Z", end: "2026-11-05T00:00:00Z" };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: "weather/subscribe_forecast", entity_id: WEATHER, forecast_type: "daily" }, "weather.nowhere"],
      [{ type: "todo/item/subscribe", entity_id: HIDDEN_TODO }, "todo.nowhere"],
      [{ type: "todo/item/list", entity_id: HIDDEN_TODO }, "todo.nowhere"],
      [{ type: "todo/item/move", entity_id: HIDDEN_TODO, uid: "milk" }, "todo.nowhere"],
      [{ type: "calendar/event/subscribe", entity_id: CALENDAR, ...window }, "calendar.nowhere"],
    ];
    for (const [hidden, nowhere] of cases) {
      const mine = await ask(reader, hidden);
      const theirs = await ask(direct, { ...hidden, entity_id: nowhere });
      expect(theirs.success).toBe(false);
      expect(mine.error).toEqual({
        code: theirs.error?.code,
        message: theirs.error?.message.replace(nowhere, hidden.entity_id as string),
      });
    }
    const wrongDomain = await ask(device, { type: "todo/item/subscribe", entity_id: "light.kitchen_spots" });
    expect(wrongDomain.error?.code).toBe("invalid_format");
    const extra = await ask(device, { type: "todo/item/subscribe", entity_id: TODO, sneaky: true });
    expect(extra.error?.code).toBe("invalid_format");
  });
});

describe("cameras", () => {
  it("describes an in-scope camera with no stream HAsync does not relay, and hides the others", async () => {
    const asked = { type: "camera/capabilities", entity_id: "camera.driveway" };
    expect((await ask(direct, asked)).result).toEqual({ frontend_stream_types: ["hls"] });
    expect((await ask(device, asked)).result).toEqual({ frontend_stream_types: [] });
    const theirs = await ask(direct, { ...asked, entity_id: "camera.nowhere" });
    expect((await ask(reader, asked)).error).toEqual(theirs.error);
    expect(theirs.error?.message).toBe("Camera not found");
  });
});

describe("writes", () => {
  it("moves a to-do item for a device that may control the list, and the list's subscribers hear it", async () => {
    const feed = await subscribe(device, { type: "todo/item/subscribe", entity_id: TODO });
    const move = { type: "todo/item/move", entity_id: TODO, uid: "coffee" };
    expect((await ask(device, move)).success).toBe(true);
    const next = await device.waitFor(
      (m) =>
        m.id === feed.id &&
        m.type === "event" &&
        (m.event as { items: Array<{ uid: string }> }).items[0]?.uid === "coffee",
    );
    expect(next.event).toEqual((await ask(direct, { type: "todo/item/list", entity_id: TODO })).result);
  });

  it("refuses a read-only device's move and leaves the list as it was", async () => {
    const before = await ask(direct, { type: "todo/item/list", entity_id: TODO });
    const refused = await ask(reader, { type: "todo/item/move", entity_id: TODO, uid: "milk" });
    expect(refused.error).toEqual({ code: "unauthorized", message: "Unauthorized" });
    expect(await ask(direct, { type: "todo/item/list", entity_id: TODO })).toEqual(before);
  });

  it("stops a feed whose entity leaves the scope", async () => {
    const feed = await subscribe(device, { type: "todo/item/subscribe", entity_id: TODO });
    const response = await fx.admin(`/devices/${deviceId}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ scope: { areas: ["kitchen"], entities: [WEATHER], access: "control" } }),
    });
    expect(response.status).toBe(200);
    await waitFor(() => !fx.server.hasync.devices.entitiesOf(deviceId).has(TODO), 5000, "the scope edit");
    const seen = device.frames.length;
    expect((await ask(direct, { type: "todo/item/move", entity_id: TODO, uid: "bread" })).success).toBe(true);
    expect((await ask(device, { type: "ping" })) as unknown).toBeTruthy();
    const later = device.frames.slice(seen).filter((frame) => frame.includes(`"id":${feed.id},`));
    expect(later).toEqual([]);
  });
});
