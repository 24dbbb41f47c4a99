import { describe, expect, it } from "vitest";
import { controlsFor, lightSupportsBrightness, supportsFeature } from "./features.js";
import { entity } from "./test-states.js";

const kinds = (state: ReturnType<typeof entity>) => controlsFor(state).map((control) => control.kind);

describe("supported_features decoding (supports-feature.ts)", () => {
  it("reads bits", () => {
    const cover = entity("cover.c", "open", { supported_features: 1 | 2 | 8 });
    expect(supportsFeature(cover, 4)).toBe(false);
    expect(supportsFeature(cover, 8)).toBe(true);
    expect(supportsFeature(entity("cover.c", "open"), 1)).toBe(false);
  });
  it("gives a light brightness for every color mode but onoff (data/light.ts)", () => {
    expect(lightSupportsBrightness(entity("light.l", "on", { supported_color_modes: ["onoff"] }))).toBe(
      false,
    );
    expect(
      lightSupportsBrightness(entity("light.l", "on", { supported_color_modes: ["color_temp", "hs"] })),
    ).toBe(true);
  });
});

describe("controlsFor: the control that fits the domain", () => {
  it("lights: toggle, and brightness when supported", () => {
    expect(kinds(entity("light.l", "on", { supported_color_modes: ["onoff"] }))).toEqual(["toggle"]);
    expect(kinds(entity("light.l", "on", { supported_color_modes: ["brightness"] }))).toEqual([
      "toggle",
      "brightness",
    ]);
  });
  it("switches, input booleans and fans toggle; fans get a speed with SET_SPEED", () => {
    expect(kinds(entity("switch.s", "off"))).toEqual(["toggle"]);
    expect(kinds(entity("input_boolean.b", "off"))).toEqual(["toggle"]);
    expect(kinds(entity("fan.f", "on", { supported_features: 1 }))).toEqual(["toggle", "fan-speed"]);
    expect(controlsFor(entity("fan.f", "on", { supported_features: 1, percentage_step: 33.3 }))[1]).toEqual({
      kind: "fan-speed",
      step: 33.3,
    });
  });
  it("covers: the buttons they support, and a position slider with SET_POSITION", () => {
    expect(controlsFor(entity("cover.c", "open", { supported_features: 1 | 2 }))).toEqual([
      { kind: "cover", open: true, stop: false, close: true },
    ]);
    expect(kinds(entity("cover.c", "open", { supported_features: 15 }))).toEqual(["cover", "position"]);
    expect(kinds(entity("cover.c", "open", { supported_features: 0 }))).toEqual([]);
  });
  it("climate: target within min/max/step, and the HVAC modes", () => {
    const state = entity("climate.c", "heat", {
      supported_features: 1,
      temperature: 21,
      min_temp: 10,
      max_temp: 30,
      target_temp_step: 1,
      hvac_modes: ["off", "heat"],
    });
    expect(controlsFor(state)).toEqual([
      { kind: "target-temperature", min: 10, max: 30, step: 1 },
      { kind: "hvac-mode", modes: ["off", "heat"] },
    ]);
    expect(controlsFor(entity("climate.c", "heat", { supported_features: 1, temperature: 20 }))[0]).toEqual({
      kind: "target-temperature",
      min: 7,
      max: 35,
      step: 0.5,
    });
  });
  it("climate in heat_cool: the low and high targets when only the range is supported", () => {
    const state = entity("climate.c", "heat_cool", {
      supported_features: 2,
      target_temp_low: 19,
      target_temp_high: 24,
      hvac_modes: ["heat_cool"],
    });
    expect(controlsFor(state)[0]).toEqual({ kind: "target-range", min: 7, max: 35, step: 0.5 });
  });
  it("media players: pause while playing, play otherwise, tracks and volume as supported", () => {
    const features = 1 | 4 | 16 | 32 | 16384;
    expect(controlsFor(entity("media_player.m", "playing", { supported_features: features }))).toEqual([
      { kind: "media", playPause: "pause", previous: true, next: true },
      { kind: "volume" },
    ]);
    expect(controlsFor(entity("media_player.m", "paused", { supported_features: 16384 }))).toEqual([
      { kind: "media", playPause: "play", previous: false, next: false },
    ]);
    expect(kinds(entity("media_player.m", "off", { supported_features: 128 }))).toEqual(["toggle"]);
  });
  it("scenes activate, scripts run, buttons press, locks lock behind a confirmation", () => {
    expect(controlsFor(entity("scene.s", "unknown"))).toEqual([{ kind: "activate", verb: "Activate" }]);
    expect(controlsFor(entity("script.s", "off"))).toEqual([{ kind: "activate", verb: "Run" }]);
    expect(controlsFor(entity("button.b", "unknown"))).toEqual([{ kind: "activate", verb: "Press" }]);
    expect(controlsFor(entity("lock.l", "locked"))).toEqual([{ kind: "lock", locked: true }]);
  });
  it("sensors, binary sensors, cameras, weather and people are read-only", () => {
    for (const id of [
      "sensor.t",
      "binary_sensor.d",
      "camera.c",
      "weather.w",
      "person.p",
      "device_tracker.t",
      "vacuum.v",
    ]) {
      expect(controlsFor(entity(id, "on")), id).toEqual([]);
    }
  });
  it("gives an unavailable entity no controls", () => {
    expect(controlsFor(entity("light.l", "unavailable"))).toEqual([]);
  });
});
