import { describe, expect, it } from "vitest";
import { nextLayout } from "./layout.js";
import { entity } from "./model/test-states.js";
import type { Registries } from "./model/types.js";

const registries: Registries = {
  entities: {
    "light.kitchen": { ei: "light.kitchen", ai: "kitchen" },
    "sensor.t": { ei: "sensor.t", ai: "kitchen" },
  },
  devices: {},
  areas: [{ area_id: "kitchen", name: "Kitchen", floor_id: null }],
  floors: [],
};
const light = entity("light.kitchen", "off", { friendly_name: "Kitchen light" });
const sensor = entity("sensor.t", "20", {
  friendly_name: "Kitchen temperature",
  device_class: "temperature",
});
const first = nextLayout(null, { "light.kitchen": light, "sensor.t": sensor }, registries);

describe("nextLayout: the layout survives updates that move nothing", () => {
  it("names tiles, and titles them without the area's name", () => {
    expect(first.names["light.kitchen"]).toBe("Kitchen light");
    expect(first.titles["light.kitchen"]).toBe("Light");
    expect(first.groups[0].sections[0].entityIds).toEqual(["light.kitchen", "sensor.t"]);
  });

  it("keeps groups, names and titles when only values change", () => {
    const next = nextLayout(
      first,
      { "light.kitchen": { ...light, state: "on" }, "sensor.t": sensor },
      registries,
    );
    expect(next.groups).toBe(first.groups);
    expect(next.names).toBe(first.names);
    expect(next.titles).toBe(first.titles);
    expect(next.entities["light.kitchen"].state).toBe("on");
  });

  it("rebuilds when a name, an entity or the registries change", () => {
    const renamed = { ...light, attributes: { friendly_name: "Kitchen spots" } };
    expect(
      nextLayout(first, { "light.kitchen": renamed, "sensor.t": sensor }, registries).names["light.kitchen"],
    ).toBe("Kitchen spots");
    const added = nextLayout(
      first,
      { "light.kitchen": light, "sensor.t": sensor, "switch.x": entity("switch.x", "on") },
      registries,
    );
    expect(added.groups).not.toBe(first.groups);
    expect(nextLayout(first, first.entities, { ...registries }).groups).not.toBe(first.groups);
  });
});
