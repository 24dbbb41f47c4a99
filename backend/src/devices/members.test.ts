import { describe, expect, it } from "vitest";
import { actedOnBy } from "./test-house.js";

/** Groups and scenes act on other entities (their `entity_id` attribute): the check follows them. */
const kitchen = { areas: ["kitchen"] };

describe("groups", () => {
  it("are rewritten to their in-scope members, so a light group never reaches the hall", () => {
    expect(
      actedOnBy(kitchen, {
        domain: "light",
        service: "turn_on",
        target: { entity_id: "light.kitchen_group" },
      }),
    ).toEqual(["light.kitchen"]);
    const withGroup = { ...kitchen, entities: ["group.downstairs"] };
    expect(
      actedOnBy(withGroup, {
        domain: "homeassistant",
        service: "turn_on",
        target: { entity_id: "group.downstairs" },
      }),
    ).toEqual(["light.kitchen", "switch.kettle"]);
    // HA expands group.* for a domain service too and acts on that domain's members only.
    expect(
      actedOnBy(withGroup, {
        domain: "light",
        service: "turn_off",
        target: { entity_id: "group.downstairs" },
      }),
    ).toEqual(["light.kitchen"]);
  });

  it("found through an area are expanded as well", () => {
    const decision = actedOnBy(kitchen, {
      domain: "light",
      service: "toggle",
      target: { area_id: "kitchen" },
    });
    // light.kitchen_group sits in the kitchen; HA would call it, and it would forward to the hall.
    expect(decision).toEqual(["light.kitchen", "light.kitchen_sensor_led"]);
  });

  it("follow nesting once, even when groups list each other or themselves", () => {
    const loop = { ...kitchen, entities: ["group.loop_a", "group.loop_b"] };
    expect(
      actedOnBy(loop, { domain: "homeassistant", service: "turn_on", target: { entity_id: "group.loop_a" } }),
    ).toEqual(["light.kitchen", "switch.kettle"]);
  });

  it("with no member in the scope change nothing", () => {
    const onlyGroup = { ...kitchen, entities: ["group.with_hall"] };
    expect(
      actedOnBy(onlyGroup, {
        domain: "homeassistant",
        service: "turn_on",
        target: { entity_id: "group.with_hall" },
      }),
    ).toEqual([]);
  });

  it("must themselves be in the scope", () => {
    expect(
      actedOnBy(kitchen, {
        domain: "homeassistant",
        service: "turn_on",
        target: { entity_id: "group.downstairs" },
      }),
    ).toBe("group.downstairs is not in this device's scope");
  });
});

describe("scenes", () => {
  it("are allowed only when everything they set is in the scope", () => {
    expect(
      actedOnBy(kitchen, {
        domain: "scene",
        service: "turn_on",
        target: { entity_id: "scene.kitchen_only" },
      }),
    ).toEqual(["scene.kitchen_only"]);
    expect(
      actedOnBy(kitchen, { domain: "scene", service: "turn_on", target: { entity_id: "scene.evening" } }),
    ).toBe("scene.evening acts on entities outside this device's scope");
    expect(
      actedOnBy(kitchen, {
        domain: "homeassistant",
        service: "turn_on",
        target: { entity_id: "scene.evening" },
      }),
    ).toBe("scene.evening acts on entities outside this device's scope");
  });

  it("reached through an area count when the service would activate them", () => {
    // homeassistant.turn_on on the kitchen would call scene.turn_on on scene.evening, which unlocks nothing
    // in the kitchen but sets the hall's lock; turn_off has no scene service, so the scene is not touched.
    expect(
      actedOnBy(kitchen, { domain: "homeassistant", service: "turn_on", target: { area_id: "kitchen" } }),
    ).toBe("scene.evening acts on entities outside this device's scope");
    expect(
      actedOnBy(kitchen, { domain: "homeassistant", service: "turn_off", target: { area_id: "kitchen" } }),
    ).not.toContain("scene.evening");
    expect(
      actedOnBy(
        { ...kitchen, exclude: ["scene.evening"] },
        { domain: "scene", service: "turn_on", target: { area_id: "kitchen" } },
      ),
    ).toEqual(["scene.kitchen_only"]);
  });
});
