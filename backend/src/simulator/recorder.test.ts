import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { DemoHomeAssistant } from "./server.js";

/** The demo HA's recorder answers in HA's shapes (history, logbook, recorder components). */

const LIGHT = "light.living_room_ceiling";
const LAMP = "light.living_room_floor_lamp";
let ha: DemoHomeAssistant;
let client: RawHaClient;
let nextId = 1;
const start = () => new Date(Date.now() - 3_600_000).toISOString();

async function ask(message: Record<string, unknown>) {
  const id = nextId++;
  client.send({ id, ...message });
  return client.reply(id);
}

beforeAll(async () => {
  ha = new DemoHomeAssistant({ seed: 3, driftIntervalMs: 0 });
  await ha.start();
  ha.recorder.seed(LIGHT, 10);
  client = await RawHaClient.authenticated(ha.url, ha.token);
});

afterAll(async () => {
  client.close();
  await ha.stop();
});

describe("the demo recorder", () => {
  it("answers history in HA's compressed form, minimal rows without attributes", async () => {
    const full = await ask({
      type: "history/history_during_period",
      start_time: start(),
      entity_ids: [LIGHT],
    });
    const rows = (full.result as Record<string, Array<Record<string, unknown>>>)[LIGHT] ?? [];
    expect(rows.length).toBe(11);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(["a", "lu", "s"]);
    const minimal = await ask({
      type: "history/history_during_period",
      start_time: start(),
      entity_ids: [LIGHT],
      minimal_response: true,
    });
    const [first, second] = (minimal.result as Record<string, Array<Record<string, unknown>>>)[LIGHT] ?? [];
    expect(first).toHaveProperty("a");
    expect(Object.keys(second ?? {}).sort()).toEqual(["lu", "s"]);
  });

  it("names a change's cause in the logbook as HA's ContextAugmenter does", async () => {
    ha.setState(LAMP, "off");
    ha.setState(LIGHT, "off");
    ha.recorder.setTogether([
      [LAMP, "on"],
      [LIGHT, "on"],
    ]);
    const later = new Date(Date.now() + 60_000).toISOString();
    const answer = await ask({
      type: "logbook/get_events",
      start_time: start(),
      end_time: later,
      entity_ids: [LIGHT],
    });
    const last = (answer.result as Array<Record<string, unknown>>).at(-1);
    expect(last).toMatchObject({
      entity_id: LIGHT,
      state: "on",
      context_entity_id: LAMP,
      context_state: "on",
    });
    const called = await ask({
      type: "call_service",
      domain: "light",
      service: "turn_off",
      target: { entity_id: LIGHT },
    });
    expect(called.success).toBe(true);
    // An end after the call: HA's default end is "now", which can be the call's own millisecond.
    const end_time = new Date(Date.now() + 60_000).toISOString();
    const after = await ask({
      type: "logbook/get_events",
      start_time: start(),
      end_time,
      entity_ids: [LIGHT],
    });
    expect((after.result as Array<Record<string, unknown>>).at(-1)).toMatchObject({
      state: "off",
      context_event_type: "call_service",
      context_domain: "light",
      context_service: "turn_off",
    });
  });

  it("answers HA's errors and REST views", async () => {
    const bad = await ask({ type: "logbook/get_events", start_time: "soon" });
    expect(bad.error).toEqual({ code: "invalid_start_time", message: "Invalid start_time" });
    const auth = { headers: { Authorization: `Bearer ${ha.token}` } };
    const missing = await fetch(`${ha.url}/api/history/period`, auth);
    expect([missing.status, await missing.json()]).toEqual([400, { message: "filter_entity_id is missing" }]);
    const rest = await fetch(`${ha.url}/api/history/period/${start()}?filter_entity_id=${LIGHT}`, auth);
    const [rows] = (await rest.json()) as Array<Array<Record<string, unknown>>>;
    expect(rows?.[0]).toMatchObject({
      entity_id: LIGHT,
      state: expect.any(String),
      attributes: expect.any(Object),
    });
  });

  it("keeps statistics for sensors with a state class, and one external statistic", async () => {
    const ids = (await ask({ type: "recorder/list_statistic_ids" })).result as Array<{
      statistic_id: string;
    }>;
    expect(ids.map((row) => row.statistic_id)).toContain("demo:electricity_price");
    expect(ids.every((row) => row.statistic_id.startsWith("sensor.") || row.statistic_id.includes(":"))).toBe(
      true,
    );
  });
});
