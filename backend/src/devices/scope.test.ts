import { type Scope, ScopeSchema } from "hasync";
import { describe, expect, it } from "vitest";
import type { HaState } from "../ha/types.js";
import {
  allowedServices,
  authorizeServiceCall,
  resolveScope,
  type ScopeView,
  scopeIncludes,
} from "./scope.js";

/** A tiny house: area → entities, device → entities. */
const AREAS: Record<string, string[]> = {
  kitchen: ["light.kitchen", "switch.kettle", "sensor.kitchen_temp"],
  hall: ["light.hall", "lock.front_door"],
};
const DEVICES: Record<string, string[]> = {
  kettle_plug: ["switch.kettle"],
  hall_hub: ["light.hall", "lock.front_door"],
};
const ALL = Object.values(AREAS).flat().concat(["light.unassigned"]);
const view: ScopeView = {
  entitiesInArea: (a) => new Set(AREAS[a] ?? []),
  entitiesOfDevice: (d) => new Set(DEVICES[d] ?? []),
  getState: (id) => (ALL.includes(id) ? ({ entity_id: id } as HaState) : undefined),
  areaOf: (id) => Object.entries(AREAS).find(([, ids]) => ids.includes(id))?.[0] ?? null,
};
const scope = (s: Partial<Scope>): Scope => ScopeSchema.parse(s);
const decide = (s: Partial<Scope>, request: Parameters<typeof authorizeServiceCall>[2]) =>
  authorizeServiceCall(scope(s), resolveScope(scope(s), view), request, view);

describe("resolveScope", () => {
  it("is areas ∪ existing listed entities − excluded", () => {
    const resolved = resolveScope(
      scope({ areas: ["kitchen"], entities: ["light.hall", "light.ghost"], exclude: ["switch.kettle"] }),
      view,
    );
    expect([...resolved].sort()).toEqual(["light.hall", "light.kitchen", "sensor.kitchen_temp"]);
  });

  it("checks single entities the same way", () => {
    const s = scope({ areas: ["kitchen"], exclude: ["switch.kettle"] });
    expect(scopeIncludes(s, view, "light.kitchen")).toBe(true);
    expect(scopeIncludes(s, view, "switch.kettle")).toBe(false);
    expect(scopeIncludes(s, view, "light.hall")).toBe(false);
    expect(scopeIncludes(s, view, "light.ghost")).toBe(false);
  });
});

describe("authorizeServiceCall", () => {
  const control = { areas: ["kitchen"], access: "control" as const };

  it("refuses everything on read-only scopes", () => {
    expect(
      decide(
        { areas: ["kitchen"] },
        { domain: "light", service: "turn_on", target: { entity_id: "light.kitchen" } },
      ),
    ).toEqual({
      ok: false,
      reason: "this device has read-only access",
    });
  });

  it("allows an in-scope entity and rewrites the call to explicit ids", () => {
    const decision = decide(control, {
      domain: "light",
      service: "turn_on",
      service_data: { entity_id: "light.kitchen", brightness: 80 },
    });
    expect(decision).toEqual({
      ok: true,
      request: {
        domain: "light",
        service: "turn_on",
        service_data: { brightness: 80 },
        target: { entity_id: ["light.kitchen"] },
      },
    });
  });

  it("refuses entities outside the scope, whether unknown or real", () => {
    for (const id of ["light.hall", "light.ghost", "light.unassigned"]) {
      const d = decide(control, { domain: "light", service: "turn_on", target: { entity_id: id } });
      expect(d.ok).toBe(false);
    }
  });

  it("expands area and device targets and refuses those reaching beyond the scope", () => {
    const inside = decide(control, {
      domain: "homeassistant",
      service: "turn_off",
      target: { area_id: "kitchen" },
    });
    expect(inside.ok && [...(inside.request.target?.entity_id ?? [])].sort()).toEqual([
      "light.kitchen",
      "sensor.kitchen_temp",
      "switch.kettle",
    ]);
    expect(
      decide(control, { domain: "homeassistant", service: "turn_off", target: { area_id: "hall" } }).ok,
    ).toBe(false);
    expect(
      decide(control, { domain: "switch", service: "toggle", target: { device_id: "kettle_plug" } }).ok,
    ).toBe(true);
    expect(decide(control, { domain: "lock", service: "unlock", target: { device_id: "hall_hub" } }).ok).toBe(
      false,
    );
    expect(
      decide(
        { ...control, entities: ["light.hall"] },
        { domain: "light", service: "turn_on", target: { area_id: "kitchen", entity_id: "light.hall" } },
      ).ok,
    ).toBe(false);
  });

  it("refuses calls without a target, with entity_id all, or with floor/label targets", () => {
    expect(decide(control, { domain: "light", service: "turn_on" })).toEqual({
      ok: false,
      reason: "a target entity is required",
    });
    expect(
      decide(control, { domain: "light", service: "turn_on", service_data: { entity_id: "all" } }).ok,
    ).toBe(false);
    expect(decide(control, { domain: "light", service: "turn_on", target: { floor_id: "ground" } }).ok).toBe(
      false,
    );
    expect(decide(control, { domain: "light", service: "turn_on", target: { label_id: "x" } }).ok).toBe(
      false,
    );
    expect(
      decide(control, { domain: "light", service: "turn_on", target: { entity_id: 5 as unknown as string } })
        .ok,
    ).toBe(false);
  });

  it("only lets an entity's own domain act on it, plus homeassistant's generic services", () => {
    expect(
      decide(control, { domain: "switch", service: "turn_on", target: { entity_id: "light.kitchen" } }).ok,
    ).toBe(false);
    expect(
      decide(control, { domain: "homeassistant", service: "toggle", target: { entity_id: "light.kitchen" } })
        .ok,
    ).toBe(true);
    expect(
      decide(control, { domain: "homeassistant", service: "restart", target: { entity_id: "light.kitchen" } })
        .ok,
    ).toBe(false);
  });

  it("accepts comma-separated ids as HA does, and honours a service allow-list", () => {
    const narrowed = { ...control, services: ["light.turn_on"] };
    expect(
      decide(narrowed, {
        domain: "light",
        service: "turn_on",
        target: { entity_id: "light.kitchen, switch.kettle" },
      }).ok,
    ).toBe(false);
    expect(
      decide(narrowed, { domain: "light", service: "turn_on", target: { entity_id: "light.kitchen" } }).ok,
    ).toBe(true);
    expect(
      decide(narrowed, { domain: "light", service: "turn_off", target: { entity_id: "light.kitchen" } }).ok,
    ).toBe(false);
  });
});

describe("allowedServices", () => {
  const all = {
    light: { turn_on: {}, turn_off: {} },
    lock: { unlock: {} },
    switch: { toggle: {} },
    homeassistant: { turn_on: {}, restart: {} },
  };
  it("lists the scope's domains for control scopes, nothing for read-only ones", () => {
    const s = scope({ areas: ["kitchen"], access: "control", services: ["light.turn_on", "switch.toggle"] });
    expect(allowedServices(s, resolveScope(s, view), all)).toEqual({
      light: { turn_on: {} },
      switch: { toggle: {} },
    });
    const wide = scope({ areas: ["kitchen"], access: "control" });
    expect(Object.keys(allowedServices(wide, resolveScope(wide, view), all)).sort()).toEqual([
      "homeassistant",
      "light",
      "switch",
    ]);
    expect(allowedServices(wide, resolveScope(wide, view), all).homeassistant).toEqual({ turn_on: {} });
    const read = scope({ areas: ["kitchen"] });
    expect(allowedServices(read, resolveScope(read, view), all)).toEqual({});
  });
});
