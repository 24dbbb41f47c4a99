import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/** History, logbook and statistics: the same requests directly against the demo HA and through HAsync. */

const LIGHT = "light.living_room_ceiling";
const SENSOR = "sensor.living_room_temperature";
const HIDDEN = "light.living_room_floor_lamp";
const SCOPE = { entities: [LIGHT, SENSOR], access: "read" as const };

let fx: GatewayFixture;
let token: string;
let deviceId: string;
let direct: RawHaClient;
let device: RawHaClient;
let nextId = 1;

const start = () => new Date(Date.now() - 3_600_000).toISOString();

async function ask(client: RawHaClient, message: Record<string, unknown>) {
  const id = nextId++;
  client.send({ id, ...message });
  return client.reply(id);
}

beforeAll(async () => {
  fx = await startGatewayFixture();
  fx.ha.recorder.seed(LIGHT, 20);
  fx.ha.recorder.seed(HIDDEN, 20);
  // An automation: the hidden lamp's change switches the light in scope, in one context.
  fx.ha.setState(HIDDEN, "off");
  fx.ha.setState(LIGHT, "off");
  fx.ha.recorder.setTogether([
    [HIDDEN, "on"],
    [LIGHT, "on"],
  ]);
  ({
    token,
    device: { id: deviceId },
  } = await fx.pair(SCOPE, "History tablet"));
  direct = await RawHaClient.authenticated(fx.ha.url, fx.ha.token);
  device = await RawHaClient.authenticated(fx.url, token);
});

afterAll(async () => {
  direct.close();
  device.close();
  await fx.close();
});

describe("history/history_during_period", () => {
  it("answers in-scope entities as HA does and drops the others as if unknown", async () => {
    const query = { type: "history/history_during_period", start_time: start() };
    const both = await ask(direct, { ...query, entity_ids: [LIGHT, HIDDEN] });
    const through = await ask(device, { ...query, entity_ids: [LIGHT, HIDDEN] });
    expect(Object.keys(through.result as object)).toEqual([LIGHT]);
    expect((through.result as Record<string, unknown>)[LIGHT]).toEqual(
      (both.result as Record<string, unknown>)[LIGHT],
    );
    const hidden = await ask(device, { ...query, entity_ids: [HIDDEN] });
    const unknown = await ask(device, { ...query, entity_ids: ["light.does_not_exist"] });
    expect(hidden.result).toEqual({});
    expect(hidden).toEqual({ ...unknown, id: hidden.id });
  });

  it("answers hostile input with HA's error shapes", async () => {
    const bad = await ask(device, {
      type: "history/history_during_period",
      start_time: "yesterday",
      entity_ids: [LIGHT],
    });
    expect(bad.error).toEqual({ code: "invalid_start_time", message: "Invalid start_time" });
    const missing = await ask(device, { type: "history/history_during_period", start_time: start() });
    expect(missing.error).toMatchObject({ code: "invalid_format" });
    const wrong = await ask(device, {
      type: "history/history_during_period",
      start_time: 5,
      entity_ids: [LIGHT],
    });
    expect(wrong.error).toMatchObject({ code: "invalid_format" });
    const invalid = await ask(device, {
      type: "history/history_during_period",
      start_time: start(),
      entity_ids: ["no way"],
    });
    expect(invalid.error).toEqual({ code: "invalid_entity_ids", message: "Invalid entity_ids" });
    const huge = Array.from({ length: 3000 }, (_, i) => `sensor.p${i}`);
    const many = await ask(device, {
      type: "history/history_during_period",
      start_time: start(),
      entity_ids: huge,
    });
    expect(many.result).toEqual({});
  });
});

describe("logbook/get_events", () => {
  it("keeps only in-scope entries and removes a cause outside the scope", async () => {
    const all = await ask(direct, { type: "logbook/get_events", start_time: start() });
    const leaking = (all.result as Array<Record<string, unknown>>).find(
      (e) => e.context_entity_id === HIDDEN,
    );
    expect(leaking?.entity_id).toBe(LIGHT);
    const through = await ask(device, { type: "logbook/get_events", start_time: start() });
    const entries = through.result as Array<Record<string, unknown>>;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.entity_id === LIGHT)).toBe(true);
    expect(JSON.stringify(through)).not.toContain(HIDDEN);
  });

  it("answers REST /api/logbook cut the same way, with names", async () => {
    const res = await fetch(`${fx.url}/api/logbook/${start()}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain(HIDDEN);
    const entries = JSON.parse(body) as Array<Record<string, unknown>>;
    expect(entries[0]).toMatchObject({ entity_id: LIGHT, name: "Living Room Ceiling" });
    expect(typeof entries[0]?.when).toBe("string");
  });
});

describe("statistics", () => {
  it("lists only in-scope entity statistics, never external ones", async () => {
    const all = await ask(direct, { type: "recorder/list_statistic_ids" });
    expect(JSON.stringify(all.result)).toContain("demo:electricity_price");
    const through = await ask(device, { type: "recorder/list_statistic_ids" });
    expect((through.result as Array<{ statistic_id: string }>).map((r) => r.statistic_id)).toEqual([SENSOR]);
    const stats = await ask(device, {
      type: "recorder/statistics_during_period",
      start_time: start(),
      statistic_ids: [SENSOR, "sensor.bedroom_temperature", "demo:electricity_price"],
      period: "hour",
    });
    expect(Object.keys(stats.result as object).every((id) => id === SENSOR)).toBe(true);
  });
});

describe("statistic summaries and metadata", () => {
  it("answers an in-scope sensor as HA does, any other id as HA answers an unknown one", async () => {
    const query = { type: "recorder/statistic_during_period", fixed_period: { start_time: start() } };
    const both = await ask(direct, { ...query, statistic_id: SENSOR });
    expect(await ask(device, { ...query, statistic_id: SENSOR })).toMatchObject({ result: both.result });
    const real = await ask(direct, { ...query, statistic_id: "sensor.bedroom_temperature" });
    expect(real.result).not.toEqual({});
    const hidden = await ask(device, { ...query, statistic_id: "sensor.bedroom_temperature" });
    const unknown = await ask(direct, { ...query, statistic_id: "sensor.does_not_exist" });
    expect(hidden.result).toEqual(unknown.result);
    const meta = await ask(device, { type: "recorder/get_statistics_metadata" });
    expect((meta.result as Array<{ statistic_id: string }>).map((row) => row.statistic_id)).toEqual([SENSOR]);
  });
});

describe("GET /api/history/period", () => {
  const get = (base: string, auth: string, query: string) =>
    fetch(`${base}/api/history/period/${encodeURIComponent(start())}?${query}`, {
      headers: { Authorization: `Bearer ${auth}` },
    });

  it("streams HA's rows for in-scope ids only", async () => {
    const query = `filter_entity_id=${LIGHT},${HIDDEN}&minimal_response`;
    const both = (await (await get(fx.ha.url, fx.ha.token, query)).json()) as unknown[][];
    const res = await get(fx.url, token, query);
    expect(res.status).toBe(200);
    const through = (await res.json()) as unknown[][];
    expect(through).toHaveLength(1);
    expect(through[0]).toEqual(both.find((rows) => (rows[0] as { entity_id: string }).entity_id === LIGHT));
  });

  it("refuses as HA does", async () => {
    const missing = await get(fx.url, token, "");
    expect([missing.status, await missing.json()]).toEqual([400, { message: "filter_entity_id is missing" }]);
    const bad = await fetch(`${fx.url}/api/history/period/not-a-time?filter_entity_id=${LIGHT}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect([bad.status, await bad.json()]).toEqual([400, { message: "Invalid datetime" }]);
    const hidden = await get(fx.url, token, `filter_entity_id=${HIDDEN}`);
    expect([hidden.status, await hidden.json()]).toEqual([200, []]);
  });
});

describe("history/stream", () => {
  it("sends nothing more for an entity once it leaves the scope", async () => {
    const id = nextId++;
    device.send({ id, type: "history/stream", start_time: start(), entity_ids: [LIGHT, SENSOR] });
    expect((await device.reply(id)).success).toBe(true);
    await device.waitFor((m) => m.id === id && m.type === "event" && "start_time" in (m.event as object));
    fx.ha.setState(LIGHT, "off");
    const live = await device.waitFor((m) => m.id === id && JSON.stringify(m).includes(LIGHT));
    expect(live.type).toBe("event");
    await fx.admin(`/devices/${deviceId}`, {
      method: "PATCH",
      body: JSON.stringify({ scope: { entities: [SENSOR] } }),
    });
    await waitFor(() => !fx.server.hasync.devices.entitiesOf(deviceId).has(LIGHT), 10_000, "the scope edit");
    const mark = device.frames.length;
    fx.ha.setState(LIGHT, "on");
    fx.ha.setState(SENSOR, "30.5");
    const after = await device.waitFor((m) => m.id === id && JSON.stringify(m).includes(SENSOR));
    expect(JSON.stringify(after)).not.toContain(LIGHT);
    // Every frame since the edit, not just the one awaited: the light never shows again.
    expect(device.frames.slice(mark).join("")).not.toContain(LIGHT);
    await fx.admin(`/devices/${deviceId}`, { method: "PATCH", body: JSON.stringify({ scope: SCOPE }) });
  });
});
