import { describe, expect, it } from "vitest";
import { actedOnBy, decide } from "./test-house.js";

/** Device, area, floor and label targets follow HA's helpers/target.py, then the scope narrows them. */
const kitchen = { areas: ["kitchen"] };

describe("area targets", () => {
  it("apply a domain service to that domain's entities only", () => {
    // The kitchen also holds lights, a media player and scenes: switch.turn_on leaves them alone.
    expect(
      actedOnBy(kitchen, { domain: "switch", service: "turn_on", target: { area_id: "kitchen" } }),
    ).toEqual(["switch.kettle"]);
    expect(
      actedOnBy(kitchen, { domain: "light", service: "turn_off", service_data: { area_id: "kitchen" } }),
    ).toEqual(["light.kitchen", "light.kitchen_sensor_led"]);
  });

  it("skip hidden and config/diagnostic entities, as HA does", () => {
    const everything = { entities: ["light.kitchen_hidden", "switch.kettle_child_lock"], areas: ["kitchen"] };
    const lights = actedOnBy(everything, {
      domain: "light",
      service: "turn_on",
      target: { area_id: "kitchen" },
    });
    expect(lights).not.toContain("light.kitchen_hidden");
    const switches = actedOnBy(everything, {
      domain: "switch",
      service: "turn_on",
      target: { area_id: "kitchen" },
    });
    expect(switches).toEqual(["switch.kettle"]);
  });

  it("send homeassistant.turn_on/off to every domain that has the service", () => {
    // A sensor has no turn_off and a scene has none either: HA skips them, so does the check.
    expect(
      actedOnBy(kitchen, { domain: "homeassistant", service: "turn_off", target: { area_id: "kitchen" } }),
    ).toEqual(["light.kitchen", "light.kitchen_sensor_led", "media_player.kitchen", "switch.kettle"]);
  });

  it("narrow to the scope without telling the device what is hidden from it", () => {
    const mixed = { entities: ["light.kitchen", "light.bedroom"] };
    expect(
      actedOnBy(mixed, { domain: "light", service: "turn_on", target: { area_id: ["kitchen", "hall"] } }),
    ).toEqual(["light.kitchen"]);
    // The hall holds a light this device may not see; an area that does not exist holds none:
    // both are the same empty, successful no-op HA answers for a target without matching entities.
    const hall = decide(kitchen, { domain: "light", service: "turn_on", target: { area_id: "hall" } });
    const nowhere = decide(kitchen, { domain: "light", service: "turn_on", target: { area_id: "attic" } });
    expect(hall).toEqual(nowhere);
    expect(hall).toEqual({
      ok: true,
      request: { domain: "light", service: "turn_on", service_data: {}, target: { entity_id: [] } },
      confirm: [],
    });
  });

  it("refuse an empty expansion that is not a known service of the device's own domains", () => {
    expect(actedOnBy(kitchen, { domain: "lock", service: "unlock", target: { area_id: "hall" } })).toBe(
      "nothing in this device's scope matches the target",
    );
    expect(actedOnBy(kitchen, { domain: "light", service: "blink", target: { area_id: "hall" } })).toBe(
      "nothing in this device's scope matches the target",
    );
  });

  it("still refuse an explicitly named out-of-scope entity next to an area", () => {
    expect(
      actedOnBy(kitchen, {
        domain: "light",
        service: "turn_on",
        target: { area_id: "kitchen", entity_id: "light.hall" },
      }),
    ).toBe("light.hall is not in this device's scope");
  });
});

describe("device targets", () => {
  it("reach the device's entities in any area, and its child devices", () => {
    // light.hub_bedroom belongs to the hub but sits in the bedroom; the kitchen sensor hangs off the hub.
    const wide = { areas: ["kitchen", "bedroom"] };
    expect(
      actedOnBy(wide, { domain: "light", service: "turn_on", target: { device_id: "kitchen_hub" } }),
    ).toEqual(["light.hub_bedroom", "light.kitchen_sensor_led"]);
    expect(
      actedOnBy(kitchen, { domain: "light", service: "turn_on", target: { device_id: "kitchen_hub" } }),
    ).toEqual(["light.kitchen_sensor_led"]);
  });

  it("switch.toggle on a plug reaches its switch, not its config switch", () => {
    expect(
      actedOnBy(kitchen, { domain: "switch", service: "toggle", target: { device_id: "kettle_plug" } }),
    ).toEqual(["switch.kettle"]);
  });
});

describe("floor and label targets", () => {
  it("expand a floor to its areas", () => {
    const ground = { entities: ["light.kitchen", "light.hall", "light.bedroom"] };
    expect(
      actedOnBy(ground, { domain: "light", service: "turn_on", target: { floor_id: "ground" } }),
    ).toEqual(["light.hall", "light.kitchen"]);
    expect(
      actedOnBy(kitchen, { domain: "light", service: "turn_on", target: { floor_id: "ground" } }),
    ).toEqual(["light.kitchen", "light.kitchen_sensor_led"]);
  });

  it("expand a label to labelled entities (unless hidden), devices and areas", () => {
    const locks = { entities: ["lock.front_door", "lock.back_door"] };
    expect(actedOnBy(locks, { domain: "lock", service: "lock", target: { label_id: "security" } })).toEqual([
      "lock.front_door",
    ]);
    expect(
      actedOnBy(kitchen, { domain: "switch", service: "turn_off", target: { label_id: "plugs" } }),
    ).toEqual(["switch.kettle"]);
    const hall = { areas: ["hall"] };
    expect(
      actedOnBy(hall, { domain: "light", service: "turn_off", target: { label_id: "entrance" } }),
    ).toEqual(["light.hall"]);
    expect(actedOnBy(kitchen, { domain: "lock", service: "unlock", target: { label_id: "security" } })).toBe(
      "nothing in this device's scope matches the target",
    );
  });
});
