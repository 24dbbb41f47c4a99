import type { Scope } from "hasync";
import { describe, expect, it } from "vitest";
import type { CallServiceRequest } from "../ha/types.js";
import { allowedServices, resolveScope, scopeIncludes } from "./scope.js";
import { actedOnBy, decide, house, scopeOf } from "./test-house.js";

/** Access per entity and per domain (issue 15): hidden, read, control, confirm. */
const kitchen = { areas: ["kitchen"] };
const call = (domain: string, service: string, entity_id: string | string[]): CallServiceRequest => ({
  domain,
  service,
  target: { entity_id },
});

describe("hidden entities", () => {
  const byEntity = { ...kitchen, entity_access: { "switch.kettle": "hidden" as const } };
  const byDomain = { ...kitchen, domain_access: { light: "hidden" as const } };

  it("are left out of the resolved scope, by their own rule or their domain's", () => {
    const one = resolveScope(scopeOf(byEntity), house);
    expect(one.has("switch.kettle")).toBe(false);
    expect(one.has("light.kitchen")).toBe(true);
    const lights = resolveScope(scopeOf(byDomain), house);
    expect([...lights].filter((id) => id.startsWith("light."))).toEqual([]);
    expect(lights.has("switch.kettle")).toBe(true);
    expect(scopeIncludes(scopeOf(byEntity), house, "switch.kettle")).toBe(false);
    expect(scopeIncludes(scopeOf(byDomain), house, "light.kitchen")).toBe(false);
    expect(scopeIncludes(scopeOf(byDomain), house, "switch.kettle")).toBe(true);
  });

  it("an entity rule wins over its domain's, so one light can stay while the others hide", () => {
    const resolved = resolveScope(
      scopeOf({ ...byDomain, entity_access: { "light.kitchen": "read" } }),
      house,
    );
    expect([...resolved].filter((id) => id.startsWith("light."))).toEqual(["light.kitchen"]);
  });

  it("are refused in the words of an entity outside the scope, so a device cannot tell them apart", () => {
    expect(actedOnBy(byEntity, call("switch", "turn_on", "switch.kettle"))).toBe(
      "switch.kettle is not in this device's scope",
    );
    expect(actedOnBy(kitchen, call("switch", "turn_on", "switch.ghost"))).toBe(
      "switch.ghost is not in this device's scope",
    );
    // An area call leaves a hidden entity out, as it leaves out what the scope does not hold.
    expect(
      actedOnBy(byEntity, { domain: "switch", service: "turn_on", target: { area_id: "kitchen" } }),
    ).toEqual([]);
  });
});

describe("read and control per entity", () => {
  it("lets a read scope control the entities a rule gives control, and nothing else", () => {
    const reader = {
      ...kitchen,
      access: "read" as const,
      entity_access: { "light.kitchen": "control" as const },
    };
    expect(decide(reader, call("light", "turn_on", "light.kitchen"))).toMatchObject({
      ok: true,
      confirm: [],
    });
    expect(actedOnBy(reader, call("switch", "turn_on", "switch.kettle"))).toBe(
      "switch.kettle is read-only for this device",
    );
    // A plain read scope is refused at once, as before.
    expect(decide({ ...kitchen, access: "read" }, call("light", "turn_on", "light.kitchen"))).toEqual({
      ok: false,
      reason: "this device has read-only access",
    });
  });

  it("refuses a control scope's read entities, and any call that would reach one", () => {
    const s = { ...kitchen, entity_access: { "light.kitchen_sensor_led": "read" as const } };
    expect(actedOnBy(s, call("light", "turn_on", "light.kitchen_sensor_led"))).toBe(
      "light.kitchen_sensor_led is read-only for this device",
    );
    // HA refuses a whole call for one entity the user may not control, named or reached through an
    // area (helpers/service.py entity_service_call).
    expect(actedOnBy(s, { domain: "light", service: "toggle", target: { area_id: "kitchen" } })).toBe(
      "light.kitchen_sensor_led is read-only for this device",
    );
    expect(actedOnBy(s, call("light", "turn_on", ["light.kitchen", "light.kitchen_sensor_led"]))).toBe(
      "light.kitchen_sensor_led is read-only for this device",
    );
    // The area's switch is another domain: a read light does not stop it.
    expect(actedOnBy(s, { domain: "switch", service: "turn_on", target: { area_id: "kitchen" } })).toEqual([
      "switch.kettle",
    ]);
  });

  it("follows homeassistant's generic services entity by entity, across domains", () => {
    const s = { ...kitchen, domain_access: { switch: "read" as const } };
    expect(actedOnBy(s, call("homeassistant", "turn_on", ["light.kitchen", "switch.kettle"]))).toBe(
      "switch.kettle is read-only for this device",
    );
    expect(actedOnBy(s, call("homeassistant", "turn_on", ["light.kitchen"]))).toEqual(["light.kitchen"]);
  });

  it("checks group members, what a scene sets, and entities named in the data", () => {
    const withHall = { ...kitchen, entities: ["light.hall", "lock.front_door", "media_player.hall"] };
    const readHall = { ...withHall, entity_access: { "light.hall": "read" as const } };
    expect(actedOnBy(readHall, call("light", "turn_on", "light.kitchen_group"))).toBe(
      "light.hall is read-only for this device",
    );
    const readLock = { ...withHall, entity_access: { "lock.front_door": "read" as const } };
    expect(actedOnBy(readLock, call("scene", "turn_on", "scene.evening"))).toBe(
      "lock.front_door is read-only for this device",
    );
    const readPlayer = { ...withHall, entity_access: { "media_player.hall": "read" as const } };
    expect(
      actedOnBy(readPlayer, {
        domain: "media_player",
        service: "join",
        service_data: { entity_id: "media_player.kitchen", group_members: ["media_player.hall"] },
      }),
    ).toBe("media_player.hall is read-only for this device");
  });
});

describe("confirm", () => {
  const hall = { areas: ["hall"] };

  it("is the default for locks on a control scope, and the call names them", () => {
    expect(decide(hall, call("lock", "unlock", "lock.front_door"))).toMatchObject({
      ok: true,
      request: { target: { entity_id: ["lock.front_door"] } },
      confirm: ["lock.front_door"],
    });
    expect(
      decide(
        { ...hall, entity_access: { "lock.front_door": "control" } },
        call("lock", "unlock", "lock.front_door"),
      ),
    ).toMatchObject({
      ok: true,
      confirm: [],
    });
  });

  it("holds a whole call when one entity it acts on needs it, a scene's included", () => {
    const s = { ...kitchen, entities: ["lock.front_door"] };
    expect(decide(s, call("homeassistant", "turn_on", ["light.kitchen", "switch.kettle"]))).toMatchObject({
      confirm: [],
    });
    expect(decide(s, call("scene", "turn_on", "scene.evening"))).toMatchObject({
      ok: true,
      confirm: ["lock.front_door"],
    });
    const confirmLights = { ...kitchen, domain_access: { light: "confirm" as const } };
    expect(
      decide(confirmLights, { domain: "light", service: "turn_on", target: { area_id: "kitchen" } }),
    ).toMatchObject({
      ok: true,
      // The light group in the kitchen is acted on too (HA calls it, and it calls its members).
      confirm: ["light.kitchen", "light.kitchen_group", "light.kitchen_sensor_led"],
    });
  });
});

describe("a script's own service", () => {
  const script = (s: Partial<Scope>) =>
    decide({ entities: ["script.good_night"], ...s }, call("script", "good_night", []));
  const own = (s: Partial<Scope>) =>
    decide({ entities: ["script.good_night"], ...s }, { domain: "script", service: "good_night" });

  it("takes the script entity's access", () => {
    expect(own({})).toMatchObject({ ok: true, confirm: [] });
    expect(own({ access: "read" })).toEqual({ ok: false, reason: "this device has read-only access" });
    expect(own({ access: "read", entity_access: { "script.good_night": "control" } })).toMatchObject({
      ok: true,
    });
    expect(own({ entity_access: { "script.good_night": "read" } })).toEqual({
      ok: false,
      reason: "script.good_night is read-only for this device",
    });
    expect(own({ domain_access: { script: "confirm" } })).toMatchObject({
      ok: true,
      confirm: ["script.good_night"],
    });
    expect(script({}).ok).toBe(false);
  });
});

describe("a call that reaches nothing", () => {
  const reader = {
    ...kitchen,
    access: "read" as const,
    entity_access: { "light.kitchen": "control" as const },
  };

  it("is still forwarded empty where the device may act on the domain, and refused where it may not", () => {
    expect(
      decide(reader, { domain: "light", service: "turn_on", target: { area_id: "bedroom" } }),
    ).toMatchObject({
      ok: true,
      request: { target: { entity_id: [] }, service_data: {} },
    });
    expect(actedOnBy(reader, { domain: "switch", service: "turn_on", target: { area_id: "bedroom" } })).toBe(
      "every switch entity in this device's scope is read-only",
    );
  });

  it("keeps the services allow-list", () => {
    const narrowed = { ...reader, services: ["light.turn_off"] };
    expect(actedOnBy(narrowed, call("light", "turn_on", "light.kitchen"))).toBe(
      "light.turn_on is not allowed for this device",
    );
    expect(actedOnBy(narrowed, call("light", "turn_off", "light.kitchen"))).toEqual(["light.kitchen"]);
  });
});

describe("allowedServices per entity", () => {
  const t = { target: {} };
  const all = {
    light: { turn_on: t, turn_off: t },
    switch: { toggle: t },
    lock: { unlock: t },
    homeassistant: { turn_on: t, restart: {} },
    script: { turn_on: t, good_night: { fields: {} } },
  };
  const listed = (s: Partial<Scope>) => allowedServices(scopeOf(s), resolveScope(scopeOf(s), house), all);

  it("lists a domain when the device may act on one of its entities, homeassistant's when on any", () => {
    const reader = {
      ...kitchen,
      access: "read" as const,
      entity_access: { "light.kitchen": "control" as const },
    };
    expect(listed(reader)).toEqual({ light: { turn_on: t, turn_off: t }, homeassistant: { turn_on: t } });
    expect(Object.keys(listed({ ...kitchen, domain_access: { switch: "read" } })).sort()).toEqual([
      "homeassistant",
      "light",
    ]);
    expect(Object.keys(listed({ areas: ["hall"] }))).toContain("lock");
    expect(listed({ ...kitchen, access: "read" })).toEqual({});
    expect(
      listed({
        entities: ["light.kitchen", "switch.kettle"],
        domain_access: { light: "read", switch: "read" },
      }).homeassistant,
    ).toBeUndefined();
  });

  it("lists a script's own service by the script's access", () => {
    expect(listed({ entities: ["script.good_night"] }).script).toEqual({
      turn_on: t,
      good_night: { fields: {} },
    });
    expect(
      listed({
        entities: ["script.good_night", "light.kitchen"],
        entity_access: { "script.good_night": "read" },
      }).script,
    ).toBeUndefined();
  });
});
