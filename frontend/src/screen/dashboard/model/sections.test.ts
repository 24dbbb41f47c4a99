import { describe, expect, it } from "vitest";
import { buildLayout, entityAreaId, entityRank, type Placed } from "./sections.js";
import type { Registries } from "./types.js";

const registries: Registries = {
  entities: {
    "light.kitchen": { ei: "light.kitchen", di: "d1" },
    "sensor.kitchen_temp": { ei: "sensor.kitchen_temp", di: "d1", ai: "living" },
    "switch.garage": { ei: "switch.garage", ai: "garage" },
    "light.hall": { ei: "light.hall", ai: "hall" },
    "lock.front": { ei: "lock.front", ai: "gone" },
  },
  devices: { d1: { id: "d1", area_id: "kitchen", name: "Kitchen hub", name_by_user: null } },
  // Registry order, not alphabetical: HA keeps the order the admin set.
  areas: [
    { area_id: "living", name: "Living room", floor_id: "ground" },
    { area_id: "garage", name: "Garage", floor_id: null },
    { area_id: "kitchen", name: "Kitchen", floor_id: "ground" },
    { area_id: "hall", name: "Hall", floor_id: "first" },
  ],
  floors: [
    { floor_id: "first", name: "First floor" },
    { floor_id: "ground", name: "Ground floor" },
  ],
};

const place = (entityId: string, name = entityId, deviceClass?: string): Placed => ({
  entityId,
  name,
  deviceClass,
});

describe("entityAreaId (HA's getEntityContext)", () => {
  it("takes the entity's own area over its device's", () => {
    expect(entityAreaId("sensor.kitchen_temp", registries)).toBe("living");
  });
  it("falls back to the device's area", () => {
    expect(entityAreaId("light.kitchen", registries)).toBe("kitchen");
  });
  it("has none without a registry entry", () => {
    expect(entityAreaId("sun.sun", registries)).toBeUndefined();
  });
});

describe("buildLayout (areas-floor-hierarchy.ts order)", () => {
  const placed = [
    "light.kitchen",
    "sensor.kitchen_temp",
    "switch.garage",
    "light.hall",
    "lock.front",
    "sun.sun",
  ].map((id) => place(id));
  const layout = buildLayout(placed, registries);

  it("lists floors in registry order, their areas in registry order, then areas on no floor, then Other", () => {
    expect(layout.map((group) => [group.title, group.sections.map((s) => s.title)])).toEqual([
      ["First floor", ["Hall"]],
      ["Ground floor", ["Living room", "Kitchen"]],
      ["Other areas", ["Garage", "Other"]],
    ]);
  });

  it("puts entities whose area is unknown, or who have none, in Other", () => {
    const other = layout[2].sections[1];
    expect(other.entityIds).toEqual(["lock.front", "sun.sun"]);
  });

  it("shows no group heading when there is only one group", () => {
    const flat = buildLayout([place("switch.garage")], { ...registries, floors: [] });
    expect(flat).toEqual([
      { id: "", title: null, sections: [{ id: "garage", title: "Garage", entityIds: ["switch.garage"] }] },
    ]);
  });

  it("heads the last group only by Other when no area is off a floor", () => {
    const layout2 = buildLayout([place("light.hall"), place("sun.sun")], registries);
    expect(layout2.map((group) => group.title)).toEqual(["First floor", null]);
  });

  it("leaves out areas without entities", () => {
    expect(layout.flatMap((group) => group.sections.map((s) => s.id))).not.toContain("nowhere");
  });
});

describe("order inside an area (areas-strategy-helper.ts getAreaGroupedEntities)", () => {
  it("ranks lights, climate, covers and door sensors, media, security, actions, others, then the rest", () => {
    const ids = [
      "sensor.t",
      "switch.s",
      "scene.x",
      "lock.l",
      "media_player.m",
      "cover.c",
      "climate.c",
      "light.l",
    ];
    const sorted = [...ids].sort((a, b) => entityRank(a, undefined) - entityRank(b, undefined));
    expect(sorted).toEqual([
      "light.l",
      "climate.c",
      "cover.c",
      "media_player.m",
      "lock.l",
      "scene.x",
      "switch.s",
      "sensor.t",
    ]);
  });
  it("takes door/window binary sensors with the covers, other binary sensors last", () => {
    expect(entityRank("binary_sensor.d", "door")).toBe(entityRank("cover.c", undefined) + 1);
    expect(entityRank("binary_sensor.m", "motion")).toBe(entityRank("sensor.s", undefined));
  });
  it("sorts by name inside a group, case-insensitively", () => {
    const layout = buildLayout(
      [place("light.b", "beta"), place("light.a", "Alpha"), place("light.c", "alpha 2")],
      { ...registries, entities: {}, areas: [], floors: [] },
    );
    expect(layout[0].sections[0].entityIds).toEqual(["light.a", "light.c", "light.b"]);
  });
});
