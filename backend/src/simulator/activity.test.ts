import { afterEach, describe, expect, it } from "vitest";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { DemoHomeAssistant } from "./index.js";

const started: DemoHomeAssistant[] = [];
const clients: RawHaClient[] = [];

async function start(
  options: ConstructorParameters<typeof DemoHomeAssistant>[0],
): Promise<DemoHomeAssistant> {
  const demo = new DemoHomeAssistant(options);
  started.push(demo);
  await demo.start();
  return demo;
}

async function states(demo: DemoHomeAssistant): Promise<Map<string, string>> {
  const res = await fetch(`${demo.url}/api/states`, { headers: { Authorization: `Bearer ${demo.token}` } });
  const list = (await res.json()) as Array<{ entity_id: string; state: string }>;
  return new Map(list.map((s) => [s.entity_id, s.state]));
}

/** State changes per second seen by one subscriber over roughly `ms`. */
async function changeRate(demo: DemoHomeAssistant, ms: number): Promise<number> {
  const c = await RawHaClient.authenticated(demo.url, demo.token);
  clients.push(c);
  c.send({ id: 1, type: "supported_features", features: { coalesce_messages: 1 } });
  c.send({ id: 2, type: "subscribe_events", event_type: "state_changed" });
  await c.reply(2);
  const before = c.frames.length;
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const frames = c.frames.slice(before).map((f) => JSON.parse(f) as unknown);
  return (frames.flat().length * 1000) / (performance.now() - t0);
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(started.splice(0).map((d) => d.stop()));
});

describe("drift and event rate", () => {
  it("drifts sensors deterministically for a given seed, within their ranges", async () => {
    const a = await start({ seed: 42, driftIntervalMs: 0 });
    const b = await start({ seed: 42, driftIntervalMs: 0 });
    const c = await start({ seed: 43, driftIntervalMs: 0 });
    const initial = await states(a);
    for (let i = 0; i < 50; i++) for (const demo of [a, b, c]) demo.driftNow();
    const [sa, sb, sc] = await Promise.all([states(a), states(b), states(c)]);
    const drifted = [
      "sensor.living_room_temperature",
      "sensor.office_co2",
      "sensor.house_power",
      "sensor.bathroom_humidity",
    ];
    for (const id of drifted) {
      expect(sa.get(id)).toBe(sb.get(id));
      expect(sa.get(id)).not.toBe(initial.get(id));
    }
    expect(drifted.some((id) => sa.get(id) !== sc.get(id))).toBe(true);
    const temperature = Number(sa.get("sensor.living_room_temperature"));
    expect(temperature).toBeGreaterThanOrEqual(19);
    expect(temperature).toBeLessThanOrEqual(24);
    expect(sa.get("lock.front_door")).toBe("locked");
  });

  it("drifts on its own timer", async () => {
    const demo = await start({ driftIntervalMs: 40 });
    // 22 drifting sensors every 40 ms: hundreds per second; a dead timer gives none.
    expect(await changeRate(demo, 300)).toBeGreaterThan(20);
  });

  it("emits synthetic state changes at the requested rate", async () => {
    const demo = await start({ driftIntervalMs: 0, extraEntities: 50, eventRatePerSec: 500 });
    // The rate follows elapsed time, so a loaded machine changes the count, not the rate.
    const rate = await changeRate(demo, 1000);
    expect(rate).toBeGreaterThan(350);
    expect(rate).toBeLessThan(650);
  });

  it("adds synthetic sensors spread over areas, some by device and some by their own area", async () => {
    const demo = await start({ driftIntervalMs: 0, extraEntities: 5000 });
    const base = new DemoHomeAssistant({ driftIntervalMs: 0 });
    expect(demo.entityCount).toBe(base.entityCount + 5000);
    const c = await RawHaClient.authenticated(demo.url, demo.token);
    clients.push(c);
    c.send({ id: 1, type: "config/entity_registry/list" });
    c.send({ id: 2, type: "config/device_registry/list" });
    const entries = (await c.reply(1)).result as Array<{
      entity_id: string;
      area_id: string | null;
      device_id: string;
    }>;
    const devices = (await c.reply(2)).result as Array<{ id: string; area_id: string | null }>;
    const deviceArea = new Map(devices.map((d) => [d.id, d.area_id]));
    const synthetic = entries.filter((e) => e.entity_id.startsWith("sensor.synthetic_"));
    expect(synthetic).toHaveLength(5000);
    const areas = new Set(synthetic.map((e) => e.area_id ?? deviceArea.get(e.device_id)));
    expect(areas.size).toBe(8);
    expect(synthetic.filter((e) => e.area_id !== null).length).toBeGreaterThan(500);
  });
});
