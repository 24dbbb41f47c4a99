import { describe, expect, it } from "vitest";
import { computeEntityEntryName, entityName, stripPrefixFromEntityName, tileTitle } from "./names.js";
import { entity } from "./test-states.js";

const devices = { d1: { id: "d1", area_id: null, name: "Kitchen hub", name_by_user: null } };

describe("stripPrefixFromEntityName (strip_prefix_from_entity_name.ts)", () => {
  it("strips a prefix followed by a space or colon, capitalising the rest", () => {
    expect(stripPrefixFromEntityName("Kitchen ceiling light", "kitchen")).toBe("Ceiling light");
    expect(stripPrefixFromEntityName("Kitchen: lamp", "Kitchen")).toBe("Lamp");
    // As HA: " " is tried before " - ", so the dash stays (and is not a letter to capitalise).
    expect(stripPrefixFromEntityName("Kitchen - lamp", "Kitchen")).toBe("- lamp");
  });
  it("keeps a first word that already has capitals (a brand name)", () => {
    expect(stripPrefixFromEntityName("Kitchen HomePod mini", "Kitchen")).toBe("HomePod mini");
  });
  it("is undefined when the name does not start with the prefix or is only the prefix", () => {
    expect(stripPrefixFromEntityName("Kitchenette", "Kitchen")).toBeUndefined();
    expect(stripPrefixFromEntityName("Kitchen", "Kitchen")).toBeUndefined();
  });
});

describe("computeEntityEntryName (compute_entity_name.ts)", () => {
  it("strips the device's name from the entity's", () => {
    expect(computeEntityEntryName({ ei: "sensor.x", di: "d1", en: "Kitchen hub temperature" }, devices)).toBe(
      "Temperature",
    );
  });
  it("is empty when the entity is named as its device", () => {
    expect(computeEntityEntryName({ ei: "light.x", di: "d1", en: "Kitchen hub" }, devices)).toBeUndefined();
  });
  it("is the registry name without a device", () => {
    expect(computeEntityEntryName({ ei: "light.x", en: "Lamp" }, devices)).toBe("Lamp");
  });
});

describe("entityName (compute_state_name.ts, as the tile card names a tile)", () => {
  it("is the friendly name", () => {
    expect(entityName(entity("light.x", "on", { friendly_name: "Kitchen light" }), undefined, devices)).toBe(
      "Kitchen light",
    );
  });
  it("without one, is the device and entity name from the registry", () => {
    expect(
      entityName(entity("sensor.x", "1"), { ei: "sensor.x", di: "d1", en: "Temperature" }, devices),
    ).toBe("Kitchen hub Temperature");
  });
  it("without either, is the object id with spaces", () => {
    expect(entityName(entity("switch.garden_pump", "off"), undefined, devices)).toBe("garden pump");
  });
  it("shows the name without its area in an area section", () => {
    expect(tileTitle("Kitchen light", "Kitchen")).toBe("Light");
    expect(tileTitle("Lamp", "Kitchen")).toBe("Lamp");
    expect(tileTitle("Lamp", undefined)).toBe("Lamp");
  });
});
