import type { Scope } from "hasync";
import { describe, expect, it } from "vitest";
import {
  buildCatalog,
  type Catalog,
  domainCounts,
  emptyScope,
  filterEntities,
  groupsOf,
  isSelected,
  NO_AREA,
  normalizeScope,
  type PickerEntity,
  sameScope,
  scopeSummary,
  selectedIds,
  setEntities,
  toggleArea,
  toggleEntity,
  toggleGroup,
  unknownAreas,
} from "./model.js";

const entity = (entity_id: string, name: string, area_id: string | null): PickerEntity => ({
  entity_id,
  name,
  domain: entity_id.split(".")[0] ?? "",
  area_id,
});

function home(): Catalog {
  return buildCatalog(
    [
      { area_id: "living_room", name: "Living room" },
      { area_id: "kitchen", name: "Kitchen" },
      { area_id: "attic", name: "Attic" },
    ],
    [
      entity("light.kitchen_ceiling", "Kitchen ceiling", "kitchen"),
      entity("switch.coffee", "Coffee machine", "kitchen"),
      entity("sensor.kitchen_temperature", "Kitchen temperature", "kitchen"),
      entity("light.sofa", "Sofa lamp", "living_room"),
      entity("media_player.tv", "TV", "living_room"),
      entity("lock.front_door", "Front door", null),
      entity("sensor.outside", "Outside temperature", "garden_gone"),
    ],
  );
}

const ids = (scope: Scope, c: Catalog) => [...selectedIds(scope, c)].sort();
const noFilter = { search: "", domains: new Set<string>() };

describe("scope picker: selection", () => {
  it("selects areas ∪ entities − exclude", () => {
    const c = home();
    const scope: Scope = {
      areas: ["kitchen"],
      entities: ["light.sofa", "switch.coffee"],
      exclude: ["switch.coffee"],
      access: "read",
    };
    expect(ids(scope, c)).toEqual(["light.kitchen_ceiling", "light.sofa", "sensor.kitchen_temperature"]);
    expect(isSelected(scope, entity("light.new_in_kitchen", "New", "kitchen"))).toBe(true);
  });

  it("picks a whole area and folds entity-level picks and exclusions in it into the area", () => {
    const c = home();
    let scope = toggleEntity(emptyScope(), c, "switch.coffee", true);
    scope = toggleEntity(scope, c, "light.sofa", true);
    scope = toggleArea(scope, c, "kitchen", true);
    expect(scope.areas).toEqual(["kitchen"]);
    expect(scope.entities).toEqual(["light.sofa"]);
    expect(ids(scope, c)).toHaveLength(4);
    scope = toggleArea(scope, c, "kitchen", false);
    expect(scope).toEqual({ areas: [], entities: ["light.sofa"], exclude: [], access: "read" });
  });

  it("excludes a single entity inside a picked area and re-includes it without a duplicate", () => {
    const c = home();
    let scope = toggleArea(emptyScope(), c, "kitchen", true);
    scope = toggleEntity(scope, c, "switch.coffee", false);
    expect(scope.exclude).toEqual(["switch.coffee"]);
    expect(scope.entities).toEqual([]);
    expect(selectedIds(scope, c).has("switch.coffee")).toBe(false);
    scope = toggleEntity(scope, c, "switch.coffee", true);
    expect(scope).toEqual({ areas: ["kitchen"], entities: [], exclude: [], access: "read" });
  });

  it("picks entities outside picked areas one by one, and drops them without leaving exclusions", () => {
    const c = home();
    let scope = toggleEntity(emptyScope(), c, "lock.front_door", true);
    expect(scope.entities).toEqual(["lock.front_door"]);
    scope = toggleEntity(scope, c, "lock.front_door", false);
    expect(scope).toEqual(emptyScope());
  });

  it("selects or clears many shown entities at once", () => {
    const c = home();
    const lights = filterEntities(c, { search: "", domains: new Set(["light"]) }).map((e) => e.entity_id);
    let scope = setEntities(emptyScope(), c, lights, true);
    expect(ids(scope, c)).toEqual(["light.kitchen_ceiling", "light.sofa"]);
    scope = toggleArea(scope, c, "kitchen", true);
    scope = setEntities(scope, c, lights, false);
    expect(scope).toEqual({
      areas: ["kitchen"],
      entities: [],
      exclude: ["light.kitchen_ceiling"],
      access: "read",
    });
  });

  it("treats the No area group (and entities of unknown areas) entity by entity", () => {
    const c = home();
    expect(c.byGroup.get(NO_AREA)?.map((e) => e.entity_id)).toEqual(["lock.front_door", "sensor.outside"]);
    let scope = toggleGroup(emptyScope(), c, NO_AREA, true);
    expect(scope.areas).toEqual([]);
    expect(scope.entities).toEqual(["lock.front_door", "sensor.outside"]);
    scope = toggleGroup(scope, c, NO_AREA, false);
    expect(scope).toEqual(emptyScope());
  });

  it("keeps access and narrowed services through every edit", () => {
    const c = home();
    const start: Scope = { ...emptyScope(), access: "control", services: ["light.turn_on"] };
    const scope = toggleEntity(toggleArea(start, c, "kitchen", true), c, "light.sofa", true);
    expect(scope.access).toBe("control");
    expect(scope.services).toEqual(["light.turn_on"]);
  });
});

describe("scope picker: groups, counts and filters", () => {
  it("lists areas by name with counts and the No area group last", () => {
    const c = home();
    const scope = toggleEntity(toggleArea(emptyScope(), c, "kitchen", true), c, "switch.coffee", false);
    const groups = groupsOf(c, toggleEntity(scope, c, "light.sofa", true), noFilter);
    expect(groups.map((g) => [g.name, g.selected, g.total, g.state, g.whole])).toEqual([
      ["Attic", 0, 0, "none", false],
      ["Kitchen", 2, 3, "some", true],
      ["Living room", 1, 2, "some", false],
      ["No area", 0, 2, "none", false],
    ]);
  });

  it("shows an empty picked area as fully selected (future entities are included)", () => {
    const c = home();
    const attic = groupsOf(c, toggleArea(emptyScope(), c, "attic", true), noFilter)[0];
    expect(attic).toMatchObject({ name: "Attic", state: "all", whole: true });
  });

  it("searches all words across name, entity id and area name, case-insensitively", () => {
    const c = home();
    const found = (search: string) =>
      filterEntities(c, { search, domains: new Set() }).map((e) => e.entity_id);
    expect(found("KITCHEN temp")).toEqual(["sensor.kitchen_temperature"]);
    expect(found("living")).toEqual(["light.sofa", "media_player.tv"]);
    expect(found("front_door")).toEqual(["lock.front_door"]);
    expect(found("  ")).toHaveLength(7);
    expect(found("nothing-like-this")).toEqual([]);
  });

  it("filters by domain and hides groups without matches while filtering", () => {
    const c = home();
    const groups = groupsOf(c, emptyScope(), { search: "", domains: new Set(["light", "lock"]) });
    expect(groups.map((g) => [g.name, g.visible.map((e) => e.entity_id)])).toEqual([
      ["Kitchen", ["light.kitchen_ceiling"]],
      ["Living room", ["light.sofa"]],
      ["No area", ["lock.front_door"]],
    ]);
    expect(groups[0]?.total).toBe(3);
  });

  it("counts domains", () => {
    expect(domainCounts(home())).toEqual([
      { domain: "light", count: 2 },
      { domain: "lock", count: 1 },
      { domain: "media_player", count: 1 },
      { domain: "sensor", count: 2 },
      { domain: "switch", count: 1 },
    ]);
  });
});

describe("scope picker: comparing and summarising", () => {
  it("compares scopes regardless of order and duplicates", () => {
    const a: Scope = { areas: ["b", "a", "a"], entities: [], exclude: [], access: "read" };
    const b: Scope = { areas: ["a", "b"], entities: [], exclude: [], access: "read" };
    expect(sameScope(a, b)).toBe(true);
    expect(sameScope(a, { ...b, access: "control" })).toBe(false);
    expect(normalizeScope(a).areas).toEqual(["a", "b"]);
  });

  it("names unknown areas and summarises in words", () => {
    const c = home();
    const scope: Scope = {
      areas: ["kitchen", "living_room", "attic", "garage"],
      entities: ["lock.front_door"],
      exclude: ["switch.coffee"],
      access: "read",
    };
    expect(unknownAreas(scope, c)).toEqual(["garage"]);
    expect(scopeSummary(scope, c.areaNames)).toBe(
      "Attic, garage, Kitchen + 1 more area + 1 entity − 1 excluded",
    );
    expect(scopeSummary(emptyScope(), c.areaNames)).toBe("Nothing");
    expect(scopeSummary({ ...emptyScope(), entities: ["a.b", "c.d"] }, c.areaNames)).toBe("2 entities");
  });
});
