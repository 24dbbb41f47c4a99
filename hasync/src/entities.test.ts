import { describe, expect, it } from "vitest";
import { applyDiff, applyEntitiesEvent, type EntityState, expandState } from "./entities.js";

// Payloads as Home Assistant core sends them for `subscribe_entities` (websocket_api/messages.py).
const LC = 1_700_000_000.123;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

const lamp = {
  s: "off",
  a: { friendly_name: "Kitchen lamp", supported_color_modes: ["brightness"] },
  c: "01HCTX",
  lc: LC,
};

describe("expandState", () => {
  it("expands a compressed state, taking last_updated from lc when lu is absent", () => {
    expect(expandState("light.kitchen", lamp)).toEqual({
      entity_id: "light.kitchen",
      state: "off",
      attributes: { friendly_name: "Kitchen lamp", supported_color_modes: ["brightness"] },
      last_changed: iso(LC),
      last_updated: iso(LC),
      context: { id: "01HCTX", parent_id: null, user_id: null },
    });
  });

  it("keeps lu and a full context object", () => {
    const state = expandState("sensor.t", {
      s: "21.5",
      a: {},
      c: { id: "ctx", parent_id: "p", user_id: "u" },
      lc: LC,
      lu: LC + 60,
    });
    expect(state?.last_updated).toBe(iso(LC + 60));
    expect(state?.context).toEqual({ id: "ctx", parent_id: "p", user_id: "u" });
  });

  it("rejects entries without a state or a last_changed", () => {
    expect(expandState("a.b", { a: {}, lc: LC })).toBeNull();
    expect(expandState("a.b", { s: "on" })).toBeNull();
    expect(expandState("a.b", "on")).toBeNull();
  });
});

describe("applyDiff", () => {
  const before = expandState("light.kitchen", lamp) as EntityState;

  it("changes the state and moves both timestamps with lc, without touching the old object", () => {
    const after = applyDiff(before, { "+": { s: "on", lc: LC + 5, c: "01HNEW", a: { brightness: 200 } } });
    expect(after).toMatchObject({
      state: "on",
      last_changed: iso(LC + 5),
      last_updated: iso(LC + 5),
      context: { id: "01HNEW", parent_id: null, user_id: null },
      attributes: { friendly_name: "Kitchen lamp", brightness: 200 },
    });
    expect(before.state).toBe("off");
    expect(before.attributes).not.toHaveProperty("brightness");
  });

  it("moves only last_updated with lu and removes attributes listed under -", () => {
    const lit = applyDiff(before, { "+": { a: { brightness: 10 } } }) as EntityState;
    const after = applyDiff(lit, { "+": { lu: LC + 9 }, "-": { a: ["brightness"] } });
    expect(after?.last_changed).toBe(iso(LC));
    expect(after?.last_updated).toBe(iso(LC + 9));
    expect(after?.attributes).toEqual(before.attributes);
  });

  it("updates only the context fields a partial context names", () => {
    const withUser = applyDiff(before, { "+": { c: { id: "x", user_id: "admin" } } });
    expect(withUser?.context).toEqual({ id: "x", parent_id: null, user_id: "admin" });
  });

  it("rejects a diff that is not an object", () => {
    expect(applyDiff(before, "on")).toBeNull();
  });
});

describe("applyEntitiesEvent", () => {
  it("adds, changes and removes entities and reports each change", () => {
    const states = new Map<string, EntityState>();
    const added = applyEntitiesEvent(states, {
      a: {
        "light.kitchen": lamp,
        "sensor.t": { s: "20", a: { unit_of_measurement: "°C" }, c: "c1", lc: LC },
      },
    });
    expect(added.map((c) => [c.entity_id, c.before, c.after?.state])).toEqual([
      ["light.kitchen", null, "off"],
      ["sensor.t", null, "20"],
    ]);

    const changed = applyEntitiesEvent(states, { c: { "sensor.t": { "+": { s: "21", lc: LC + 1 } } } });
    expect(changed).toHaveLength(1);
    expect(changed[0]?.before?.state).toBe("20");
    expect(changed[0]?.after?.state).toBe("21");
    expect(states.get("sensor.t")?.attributes).toEqual({ unit_of_measurement: "°C" });

    const removed = applyEntitiesEvent(states, { r: ["light.kitchen"] });
    expect(removed).toEqual([
      { entity_id: "light.kitchen", before: expect.objectContaining({ state: "off" }), after: null },
    ]);
    expect([...states.keys()]).toEqual(["sensor.t"]);
  });

  it("replaces an entity that is added again, reporting the old state as before", () => {
    const states = new Map<string, EntityState>();
    applyEntitiesEvent(states, { a: { "light.kitchen": lamp } });
    const [change] = applyEntitiesEvent(states, { a: { "light.kitchen": { ...lamp, s: "on" } } });
    expect(change?.before?.state).toBe("off");
    expect(change?.after?.state).toBe("on");
  });

  it("skips malformed entries, diffs for unknown entities and removals of unknown ids", () => {
    const states = new Map<string, EntityState>();
    const changes = applyEntitiesEvent(states, {
      a: { "light.ok": lamp, "light.bad": { a: {} } },
      c: { "light.ghost": { "+": { s: "on" } } },
      r: ["light.never", 42],
    });
    expect(changes.map((c) => c.entity_id)).toEqual(["light.ok"]);
    expect([...states.keys()]).toEqual(["light.ok"]);
    expect(applyEntitiesEvent(states, null)).toEqual([]);
  });
});
