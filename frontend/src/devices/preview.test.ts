import type { PreviewEntity } from "hasync";
import { describe, expect, it } from "vitest";
import { applyPreviewChanges, stateInWords } from "./preview.js";

const lamp: PreviewEntity = {
  entity_id: "light.sofa",
  name: "Sofa lamp",
  area_id: "living_room",
  state: "off",
  attributes: { friendly_name: "Sofa lamp" },
  last_changed: "2026-03-01T10:00:00Z",
};
const temp: PreviewEntity = {
  entity_id: "sensor.t",
  name: "Temperature",
  area_id: null,
  state: "21",
  attributes: { unit_of_measurement: "°C" },
  last_changed: "2026-03-01T10:00:00Z",
};
const now = "2026-03-01T12:00:00Z";

describe("the live preview of what a device sees", () => {
  it("updates states in place and stamps real changes only", () => {
    const next = applyPreviewChanges([lamp, temp], [{ entity_id: "light.sofa", state: "on" }], now);
    expect(next.find((e) => e.entity_id === "light.sofa")).toMatchObject({
      state: "on",
      last_changed: now,
      area_id: "living_room",
    });
    const same = applyPreviewChanges(
      [lamp],
      [{ entity_id: "light.sofa", state: "off", attributes: { brightness: 3 } }],
      now,
    );
    expect(same[0]).toMatchObject({ last_changed: lamp.last_changed, attributes: { brightness: 3 } });
  });

  it("adds entities that join the view and drops those that leave", () => {
    const next = applyPreviewChanges(
      [lamp, temp],
      [
        { entity_id: "sensor.t", state: null },
        { entity_id: "switch.coffee", state: "on", attributes: { friendly_name: "Coffee machine" } },
      ],
      now,
    );
    expect(next.map((e) => [e.entity_id, e.name])).toEqual([
      ["switch.coffee", "Coffee machine"],
      ["light.sofa", "Sofa lamp"],
    ]);
  });

  it("shows units", () => {
    expect(stateInWords(temp)).toBe("21 °C");
    expect(stateInWords(lamp)).toBe("off");
  });
});
