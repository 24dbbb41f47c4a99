import type { Scope } from "hasync";
import { describe, expect, it } from "vitest";
import {
  domainDefaultInWords,
  entityChoice,
  entityDefault,
  limitProblems,
  mayDoInWords,
  previewInWords,
  previewOf,
  setDomainAccess,
  setEntityAccess,
  setLimit,
} from "./guard.js";
import { buildCatalog, sameScope, toggleArea, toggleEntity } from "./model.js";

const control = (extra: Partial<Scope> = {}): Scope => ({
  areas: ["hall"],
  entities: [],
  exclude: [],
  access: "control",
  ...extra,
});

const FACTS: Record<string, { name: string; deviceClass?: string }> = {
  "lock.front_door": { name: "Front door" },
  "cover.garage": { name: "Garage door", deviceClass: "garage" },
  "cover.blind": { name: "Blind", deviceClass: "shade" },
  "light.hall": { name: "Hall light" },
  "light.porch": { name: "Porch light" },
  "sensor.hall_temp": { name: "Hall temperature" },
};
const ids = Object.keys(FACTS);
const facts = (id: string) => FACTS[id];

describe("the guard rails of a scope", () => {
  it("sets and clears a domain's and an entity's own access, leaving old scopes their shape", () => {
    const plain = control();
    const hidden = setDomainAccess(plain, "sensor", "hidden");
    expect(hidden.domain_access).toEqual({ sensor: "hidden" });
    expect(setDomainAccess(hidden, "sensor", "default")).toEqual(plain);
    expect("domain_access" in setDomainAccess(hidden, "sensor", "default")).toBe(false);

    const own = setEntityAccess(plain, "lock.front_door", "control");
    expect(entityChoice(own, "lock.front_door")).toBe("control");
    expect(entityChoice(own, "light.hall")).toBe("default");
    expect(setEntityAccess(own, "lock.front_door", "default")).toEqual(plain);
  });

  it("says what Default means per domain and per entity, as effectiveAccess decides", () => {
    expect(domainDefaultInWords(control(), "lock")).toBe("Ask first");
    expect(domainDefaultInWords(control(), "light")).toBe("Control");
    expect(domainDefaultInWords(control(), "cover")).toMatch(/garage doors and gates ask first/);
    expect(domainDefaultInWords({ ...control(), access: "read" }, "lock")).toBe("Read");
    // An entity's default is its domain's rule, ignoring its own.
    const scope = setEntityAccess(setDomainAccess(control(), "light", "read"), "light.hall", "control");
    expect(entityDefault(scope, "light.hall")).toBe("read");
    expect(entityDefault(control(), "cover.garage", "garage")).toBe("confirm");
    expect(entityDefault(control(), "cover.blind", "shade")).toBe("control");
  });

  it("counts what the device may do and names what asks first", () => {
    const preview = previewOf(control(), ids, facts);
    expect(preview).toMatchObject({ control: 4, confirm: 2, read: 0, hidden: 0 });
    expect(preview.askFirst).toEqual(["Front door", "Garage door"]);
    expect(preview.domains).toEqual(["cover", "light", "lock", "sensor"]);
    const ruled = setEntityAccess(setDomainAccess(control(), "sensor", "hidden"), "light.porch", "confirm");
    const p = previewOf(ruled, ids, facts);
    expect(p).toMatchObject({ control: 2, confirm: 3, read: 0, hidden: 1 });
    expect(previewInWords(p)).toBe("Controls 2 · Asks you first for 3 · Hidden 1");
    expect(previewInWords(previewOf({ ...control(), access: "read" }, ids, facts))).toBe("Sees 6");
    expect(previewInWords(previewOf(control(), [], facts))).toBe("Nothing picked yet");
  });

  it("sets limits one bound at a time and drops empty ones", () => {
    let scope = setLimit(control(), "light_brightness_pct", "max", 60);
    scope = setLimit(scope, "climate_temperature", "min", 16);
    scope = setLimit(scope, "climate_temperature", "max", 24);
    expect(scope.limits).toEqual({
      light_brightness_pct: { max: 60 },
      climate_temperature: { min: 16, max: 24 },
    });
    scope = setLimit(scope, "light_brightness_pct", "max", undefined);
    expect(scope.limits).toEqual({ climate_temperature: { min: 16, max: 24 } });
    scope = setLimit(
      setLimit(scope, "climate_temperature", "min", undefined),
      "climate_temperature",
      "max",
      undefined,
    );
    expect("limits" in scope).toBe(false);
    expect(limitProblems({ cover_position_pct: { min: 80, max: 20 } })).toEqual({
      cover_position_pct: "The lowest is above the highest.",
    });
  });

  it("survives the picker's area and entity edits, and compares equal whatever the key order", () => {
    const catalog = buildCatalog(
      [{ area_id: "hall", name: "Hall" }],
      [{ entity_id: "light.hall", name: "Hall light", domain: "light", area_id: "hall" }],
    );
    const ruled: Scope = {
      ...control(),
      domain_access: { lock: "control", light: "read" },
      entity_access: { "light.hall": "confirm" },
      limits: { climate_temperature: { max: 24, min: 16 } },
    };
    const edited = toggleEntity(toggleArea(ruled, catalog, "hall", true), catalog, "light.hall", false);
    expect(edited.domain_access).toEqual(ruled.domain_access);
    expect(edited.entity_access).toEqual(ruled.entity_access);
    expect(edited.limits).toEqual(ruled.limits);
    // As the server answers it: keys in the schema's order.
    const answered: Scope = {
      ...control(),
      domain_access: { light: "read", lock: "control" },
      entity_access: { "light.hall": "confirm" },
      limits: { climate_temperature: { min: 16, max: 24 } },
    };
    expect(sameScope(ruled, answered)).toBe(true);
    expect(sameScope(ruled, setDomainAccess(answered, "lock", "default"))).toBe(false);
  });

  it("says in the summary what the device may do with what it sees, from the server's access", () => {
    const resolved = (access: Record<string, "read" | "control" | "confirm">) => ({
      entity_ids: Object.keys(access),
      unknown_areas: [],
      unknown_entities: [],
      access,
    });
    expect(mayDoInWords(control(), undefined)).toBe(" and may control them");
    expect(mayDoInWords(control(), resolved({ "light.a": "control", "light.b": "control" }))).toBe(
      " and may control them",
    );
    expect(mayDoInWords(control(), resolved({ "light.a": "read" }))).toBe(", read-only");
    expect(
      mayDoInWords(control(), resolved({ "light.a": "control", "lock.b": "confirm", "sensor.c": "read" })),
    ).toBe("; it may control 1 and asks you first for 1");
    expect(mayDoInWords(control(), resolved({ "lock.b": "confirm", "sensor.c": "read" }))).toBe(
      "; it asks you first for 1",
    );
  });
});
