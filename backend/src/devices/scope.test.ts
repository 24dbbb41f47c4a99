import { describe, expect, it } from "vitest";
import { allowedServices, resolveScope, scopeIncludes } from "./scope.js";
import { actedOnBy, decide, house, scopeOf } from "./test-house.js";

const kitchen = { areas: ["kitchen"] };

describe("resolveScope", () => {
  it("is areas ∪ existing listed entities − excluded", () => {
    const resolved = resolveScope(
      scopeOf({ areas: ["kitchen"], entities: ["light.hall", "light.ghost"], exclude: ["switch.kettle"] }),
      house,
    );
    expect(resolved.has("light.hall")).toBe(true);
    expect(resolved.has("light.kitchen")).toBe(true);
    expect(resolved.has("switch.kettle")).toBe(false);
    expect(resolved.has("light.ghost")).toBe(false);
  });

  it("checks single entities the same way", () => {
    const s = scopeOf({ areas: ["kitchen"], exclude: ["switch.kettle"] });
    expect(scopeIncludes(s, house, "light.kitchen")).toBe(true);
    expect(scopeIncludes(s, house, "switch.kettle")).toBe(false);
    expect(scopeIncludes(s, house, "light.hall")).toBe(false);
    expect(scopeIncludes(s, house, "light.ghost")).toBe(false);
  });
});

describe("authorizeServiceCall", () => {
  it("refuses everything on read-only scopes", () => {
    expect(
      decide(
        { ...kitchen, access: "read" },
        { domain: "light", service: "turn_on", target: { entity_id: "light.kitchen" } },
      ),
    ).toEqual({ ok: false, reason: "this device has read-only access" });
  });

  it("allows an in-scope entity and rewrites the call to explicit ids", () => {
    expect(
      decide(kitchen, {
        domain: "light",
        service: "turn_on",
        service_data: { entity_id: "light.kitchen", brightness: 80 },
      }),
    ).toEqual({
      ok: true,
      request: {
        domain: "light",
        service: "turn_on",
        service_data: { brightness: 80 },
        target: { entity_id: ["light.kitchen"] },
      },
      confirm: [],
    });
  });

  it("refuses explicitly named entities outside the scope, whether unknown or real, in one message", () => {
    for (const id of ["light.hall", "light.ghost", "light.unassigned"]) {
      expect(decide(kitchen, { domain: "light", service: "turn_on", target: { entity_id: id } })).toEqual({
        ok: false,
        reason: `${id} is not in this device's scope`,
      });
    }
  });

  it("quotes a long id shortly in its refusal", () => {
    const long = `light.${"x".repeat(60_000)}`;
    const reason = actedOnBy(kitchen, { domain: "light", service: "turn_on", target: { entity_id: long } });
    expect(reason).toMatch(/^light\.x+… is not in this device's scope$/);
    expect(String(reason).length).toBeLessThan(120);
  });

  it("reads entity ids in any case, as HA lowercases them", () => {
    expect(
      actedOnBy(kitchen, { domain: "light", service: "turn_on", target: { entity_id: "LIGHT.Kitchen" } }),
    ).toEqual(["light.kitchen"]);
    expect(
      actedOnBy(kitchen, { domain: "light", service: "turn_on", target: { entity_id: "LIGHT.HALL" } }),
    ).toBe("light.hall is not in this device's scope");
  });

  it("refuses calls without a target, with entity_id all, or with ids that are not strings", () => {
    expect(decide(kitchen, { domain: "light", service: "turn_on" })).toEqual({
      ok: false,
      reason: "a target entity is required",
    });
    expect(
      decide(kitchen, { domain: "light", service: "turn_on", service_data: { entity_id: "all" } }).ok,
    ).toBe(false);
    expect(
      decide(kitchen, { domain: "light", service: "turn_on", target: { entity_id: 5 as unknown as string } })
        .ok,
    ).toBe(false);
    expect(
      decide(kitchen, {
        domain: "light",
        service: "turn_on",
        target: { area_id: [["kitchen"]] as unknown as string[] },
      }).ok,
    ).toBe(false);
  });

  it("only lets an entity's own domain act on an entity it names, plus homeassistant's generic services", () => {
    expect(
      actedOnBy(kitchen, { domain: "switch", service: "turn_on", target: { entity_id: "light.kitchen" } }),
    ).toBe("switch.turn_on cannot act on light.kitchen: only light services may");
    expect(
      decide(kitchen, { domain: "homeassistant", service: "toggle", target: { entity_id: "light.kitchen" } })
        .ok,
    ).toBe(true);
    expect(
      decide(kitchen, { domain: "homeassistant", service: "restart", target: { entity_id: "light.kitchen" } })
        .ok,
    ).toBe(false);
  });

  it("refuses services that do not act on their target: they could act on anything", () => {
    for (const [domain, service] of [
      ["homeassistant", "restart"],
      ["script", "reload"],
    ]) {
      expect(actedOnBy(kitchen, { domain, service, target: { area_id: "kitchen" } } as never)).toBe(
        `${domain}.${service} does not act on its target, so it cannot be kept to this device's scope`,
      );
    }
  });

  it("accepts comma-separated ids as HA does, and honours a service allow-list", () => {
    const narrowed = { ...kitchen, services: ["light.turn_on"] };
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
  const t = { target: {} };
  const all = {
    light: { turn_on: t, turn_off: t, reload: {} },
    lock: { unlock: t },
    switch: { toggle: t },
    homeassistant: { turn_on: t, restart: {} },
  };
  it("lists the entity services of the scope's domains for control scopes, nothing for read-only ones", () => {
    const s = scopeOf({
      entities: ["light.kitchen", "switch.kettle"],
      services: ["light.turn_on", "switch.toggle"],
    });
    expect(allowedServices(s, resolveScope(s, house), all)).toEqual({
      light: { turn_on: t },
      switch: { toggle: t },
    });
    const wide = scopeOf({ entities: ["light.kitchen", "switch.kettle"] });
    expect(Object.keys(allowedServices(wide, resolveScope(wide, house), all)).sort()).toEqual([
      "homeassistant",
      "light",
      "switch",
    ]);
    expect(allowedServices(wide, resolveScope(wide, house), all).homeassistant).toEqual({ turn_on: t });
    // A service that ignores its target (light.reload) is no service a scoped device may call.
    expect(allowedServices(wide, resolveScope(wide, house), all).light).toEqual({ turn_on: t, turn_off: t });
    const read = scopeOf({ areas: ["kitchen"], access: "read" });
    expect(allowedServices(read, resolveScope(read, house), all)).toEqual({});
  });
});

describe("the service's spelling", () => {
  it("is HA's lowercase one (core.py ServiceRegistry.async_call), so no case slips past a check", () => {
    expect(
      actedOnBy(
        { entities: ["script.good_night"] },
        { domain: "script", service: "RELOAD", target: { entity_id: "script.good_night" } },
      ),
    ).toBe("script.reload does not act on its target, so it cannot be kept to this device's scope");
    expect(
      decide(
        { ...kitchen, services: ["light.turn_on"] },
        { domain: "LIGHT", service: "Turn_On", target: { entity_id: "light.kitchen" } },
      ),
    ).toMatchObject({ ok: true, request: { domain: "light", service: "turn_on" } });
  });
});
