import { describe, expect, it } from "vitest";
import { blankBeforeUnit, formatNumber, stateWords, weatherSummary } from "./state-words.js";
import { entity } from "./test-states.js";

describe("stateWords (compute_state_display.ts, English)", () => {
  it("words the common states", () => {
    expect(stateWords(entity("light.x", "on"))).toBe("On");
    expect(stateWords(entity("cover.x", "closing"))).toBe("Closing");
    expect(stateWords(entity("lock.x", "unlocked"))).toBe("Unlocked");
    expect(stateWords(entity("media_player.x", "playing"))).toBe("Playing");
    expect(stateWords(entity("light.x", "unavailable"))).toBe("Unavailable");
    expect(stateWords(entity("sensor.x", "unknown"))).toBe("Unknown");
  });
  it("words binary sensors by device class (binary_sensor/strings.json)", () => {
    expect(stateWords(entity("binary_sensor.d", "on", { device_class: "door" }))).toBe("Open");
    expect(stateWords(entity("binary_sensor.m", "off", { device_class: "motion" }))).toBe("Clear");
    expect(stateWords(entity("binary_sensor.m", "on", { device_class: "moisture" }))).toBe("Wet");
    expect(stateWords(entity("binary_sensor.b", "on", { device_class: "battery" }))).toBe("Low");
    expect(stateWords(entity("binary_sensor.x", "on"))).toBe("On");
  });
  it("says Home and Away for people and trackers, and a zone by its name", () => {
    expect(stateWords(entity("person.p", "home"))).toBe("Home");
    expect(stateWords(entity("person.p", "not_home"))).toBe("Away");
    expect(stateWords(entity("device_tracker.p", "Work"))).toBe("Work");
  });
  it("words HVAC modes and weather conditions", () => {
    expect(stateWords(entity("climate.c", "heat_cool"))).toBe("Heat/Cool");
    expect(stateWords(entity("weather.w", "partlycloudy"))).toBe("Partly cloudy");
    expect(stateWords(entity("weather.w", "clear-night"))).toBe("Clear, night");
  });
  it("puts the unit after a sensor's number, with HA's blank rules", () => {
    expect(stateWords(entity("sensor.t", "21.5", { unit_of_measurement: "°C" }))).toBe("21.5 °C");
    expect(stateWords(entity("sensor.h", "45", { unit_of_measurement: "%" }))).toBe("45%");
    expect(stateWords(entity("sensor.p", "1234", { unit_of_measurement: "W" }))).toBe("1,234 W");
    expect(blankBeforeUnit("°")).toBe("");
  });
  it("rounds to the registry's display precision", () => {
    expect(
      stateWords(entity("sensor.t", "21.456", { unit_of_measurement: "°C" }), { ei: "sensor.t", dp: 1 }),
    ).toBe("21.5 °C");
    expect(formatNumber("20", 1)).toBe("20.0");
    expect(formatNumber("0.1234567890123456789012345", undefined)).toMatch(/^0\.1234/);
    expect(formatNumber("12", -1)).toBe("12");
  });
  it("shows a text sensor as it is, and a timestamp as a date", () => {
    expect(stateWords(entity("sensor.mode", "Eco mode"))).toBe("Eco mode");
    expect(stateWords(entity("scene.s", "2026-12-01T10:00:00+00:00"))).toMatch(/2026/);
  });
  it("gives weather its condition and temperature", () => {
    expect(weatherSummary(entity("weather.w", "sunny", { temperature: 18, temperature_unit: "°C" }))).toBe(
      "Sunny, 18 °C",
    );
  });
});
