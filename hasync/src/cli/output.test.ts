import { describe, expect, it } from "vitest";
import type { EntityState } from "../entities.js";
import { clock, codeBox, describeChange, scopeSummary, statesTable, stateText, table } from "./output.js";

const state = (entity_id: string, value: string, attributes: Record<string, unknown> = {}): EntityState => ({
  entity_id,
  state: value,
  attributes,
  last_changed: "2026-11-27T12:00:00.000Z",
  last_updated: "2026-11-27T12:00:00.000Z",
  context: { id: "c", parent_id: null, user_id: null },
});

describe("codeBox", () => {
  it("letter-spaces the code inside a box of even width", () => {
    const lines = codeBox("ACDE-FG34", false);
    expect(lines[2]).toBe("║    A C D E - F G 3 4    ║");
    expect(new Set(lines.map((l) => [...l].length))).toEqual(new Set([lines[2]?.length]));
  });

  it("makes the code bold on a terminal", () => {
    expect(codeBox("ACDE-FG34", true)[2]).toBe("║    \x1b[1mA C D E - F G 3 4\x1b[0m    ║");
  });
});

describe("statesTable", () => {
  it("lists entities sorted by id in aligned columns, with units and friendly names", () => {
    const lines = statesTable([
      state("sensor.kitchen_temperature", "21.5", { unit_of_measurement: "°C", friendly_name: "Kitchen" }),
      state("light.kitchen", "on", { friendly_name: "Kitchen lamp" }),
      state("switch.x", "off"),
    ]);
    expect(lines).toEqual([
      "ENTITY                      STATE    NAME",
      "light.kitchen               on       Kitchen lamp",
      "sensor.kitchen_temperature  21.5 °C  Kitchen",
      "switch.x                    off",
      "3 entities",
    ]);
  });

  it("says so when the device sees nothing", () => {
    expect(statesTable([])[0]).toMatch(/may not see any entity/);
  });

  it("cuts very long states", () => {
    const text = stateText(state("media_player.tv", "x".repeat(100)));
    expect([...text]).toHaveLength(32);
    expect(text.endsWith("…")).toBe(true);
  });

  it("pads by characters, not bytes", () => {
    expect(table(["A", "B"], [["Küche", "1"]])).toEqual(["A      B", "Küche  1"]);
  });
});

describe("describeChange", () => {
  const off = state("light.kitchen", "off", { friendly_name: "Kitchen lamp" });
  const on = state("light.kitchen", "on", { friendly_name: "Kitchen lamp", brightness: 255 });

  it("describes additions, removals and state changes", () => {
    expect(describeChange({ entity_id: "light.kitchen", before: null, after: off })).toBe(
      "+ light.kitchen  off  Kitchen lamp",
    );
    expect(describeChange({ entity_id: "light.kitchen", before: off, after: null })).toBe(
      "- light.kitchen  (no longer visible)",
    );
    expect(describeChange({ entity_id: "light.kitchen", before: off, after: on })).toBe(
      "  light.kitchen  off → on",
    );
  });

  it("names the attributes that changed when the state stayed", () => {
    const dimmed = { ...on, attributes: { friendly_name: "Kitchen lamp", color_temp: 300 } };
    expect(describeChange({ entity_id: "light.kitchen", before: on, after: dimmed })).toBe(
      "  light.kitchen  on  (brightness, color_temp changed)",
    );
    expect(describeChange({ entity_id: "light.kitchen", before: on, after: on })).toBe(
      "  light.kitchen  on  (updated)",
    );
  });
});

describe("scopeSummary and clock", () => {
  it("summarises a scope in words", () => {
    expect(scopeSummary({ areas: ["kitchen"], entities: [], exclude: [], access: "read" })).toBe(
      "read access to area kitchen",
    );
    expect(
      scopeSummary({
        areas: ["kitchen", "hall"],
        entities: ["a.b", "c.d"],
        exclude: ["e.f"],
        access: "control",
      }),
    ).toBe("control of areas kitchen, hall and 2 entities (1 excluded)");
    expect(scopeSummary({ areas: [], entities: [], exclude: [], access: "read" })).toBe(
      "read access to nothing yet",
    );
  });

  it("prints local time with two digits each", () => {
    expect(clock(new Date(2026, 10, 27, 7, 5, 9))).toBe("07:05:09");
  });
});
