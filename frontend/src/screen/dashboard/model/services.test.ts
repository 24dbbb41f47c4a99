import { describe, expect, it } from "vitest";
import { labels } from "./labels.js";
import {
  activateCall,
  brightnessCall,
  brightnessPercent,
  codeInputMode,
  coverCall,
  fanSpeedCall,
  hvacModeCall,
  lockCall,
  mediaCall,
  nextTarget,
  positionCall,
  rangeCall,
  temperatureCall,
  toggleCall,
  volumeCall,
  volumePercent,
} from "./services.js";
import { entity } from "./test-states.js";

const target = (id: string) => ({ target: { entity_id: id } });

describe("service payloads per control (as HA's card features call them)", () => {
  it("toggles with the domain's turn_on/turn_off (ha-entity-toggle.ts)", () => {
    expect(toggleCall(entity("light.k", "on"))).toEqual({
      domain: "light",
      service: "turn_off",
      ...target("light.k"),
    });
    expect(toggleCall(entity("switch.s", "off"))).toEqual({
      domain: "switch",
      service: "turn_on",
      ...target("switch.s"),
    });
    expect(toggleCall(entity("fan.f", "off")).service).toBe("turn_on");
    expect(toggleCall(entity("input_boolean.b", "on")).service).toBe("turn_off");
    expect(toggleCall(entity("media_player.m", "standby")).service).toBe("turn_on");
  });
  it("sets brightness in percent with light.turn_on", () => {
    expect(brightnessCall(entity("light.k", "on"), 40)).toEqual({
      domain: "light",
      service: "turn_on",
      data: { brightness_pct: 40 },
      ...target("light.k"),
    });
    expect(brightnessPercent(entity("light.k", "on", { brightness: 255 }))).toBe(100);
    expect(brightnessPercent(entity("light.k", "on", { brightness: 1 }))).toBe(1);
    expect(brightnessPercent(entity("light.k", "off"))).toBe(0);
  });
  it("sets a fan's speed with fan.set_percentage", () => {
    expect(fanSpeedCall(entity("fan.f", "on"), 66.6)).toEqual({
      domain: "fan",
      service: "set_percentage",
      data: { percentage: 67 },
      ...target("fan.f"),
    });
  });
  it("opens, stops, closes and positions covers", () => {
    expect(coverCall(entity("cover.c", "open"), "open").service).toBe("open_cover");
    expect(coverCall(entity("cover.c", "open"), "stop").service).toBe("stop_cover");
    expect(coverCall(entity("cover.c", "open"), "close").service).toBe("close_cover");
    expect(positionCall(entity("cover.c", "open"), 30)).toEqual({
      domain: "cover",
      service: "set_cover_position",
      data: { position: 30 },
      ...target("cover.c"),
    });
  });
  it("steps a target temperature within min/max on the step grid", () => {
    expect(nextTarget(21, 1, 7, 35, 0.5)).toBe(21.5);
    expect(nextTarget(21.3, -1, 7, 35, 0.5)).toBe(21);
    expect(nextTarget(35, 1, 7, 35, 0.5)).toBe(35);
    expect(nextTarget(7, -1, 7, 35, 1)).toBe(7);
    expect(nextTarget(0.1 + 0.2, 1, 0, 5, 0.1)).toBe(0.4);
    expect(temperatureCall(entity("climate.c", "heat"), 21.5)).toEqual({
      domain: "climate",
      service: "set_temperature",
      data: { temperature: 21.5 },
      ...target("climate.c"),
    });
    expect(hvacModeCall(entity("climate.c", "heat"), "off").data).toEqual({ hvac_mode: "off" });
    expect(rangeCall(entity("climate.c", "heat_cool"), 19, 24)).toEqual({
      domain: "climate",
      service: "set_temperature",
      data: { target_temp_low: 19, target_temp_high: 24 },
      ...target("climate.c"),
    });
  });
  it("plays, pauses, skips and sets the volume of media players", () => {
    const player = entity("media_player.m", "playing", { volume_level: 0.35 });
    expect(mediaCall(player, "pause").service).toBe("media_pause");
    expect(mediaCall(player, "play").service).toBe("media_play");
    expect(mediaCall(player, "previous").service).toBe("media_previous_track");
    expect(mediaCall(player, "next").service).toBe("media_next_track");
    expect(volumeCall(player, 50).data).toEqual({ volume_level: 0.5 });
    expect(volumePercent(player)).toBe(35);
  });
  it("turns scenes and scripts on and presses buttons", () => {
    expect(activateCall(entity("scene.s", "unknown"))).toEqual({
      domain: "scene",
      service: "turn_on",
      ...target("scene.s"),
    });
    expect(activateCall(entity("script.s", "off")).service).toBe("turn_on");
    expect(activateCall(entity("button.b", "unknown"))).toEqual({
      domain: "button",
      service: "press",
      ...target("button.b"),
    });
  });
  it("locks and unlocks", () => {
    expect(lockCall(entity("lock.l", "locked"), false)).toEqual({
      domain: "lock",
      service: "unlock",
      ...target("lock.l"),
    });
    expect(lockCall(entity("lock.l", "unlocked"), true).service).toBe("lock");
    expect(lockCall(entity("lock.l", "locked"), false, "1234").data).toEqual({ code: "1234" });
    expect(lockCall(entity("lock.l", "locked"), false, "").data).toBeUndefined();
  });
  it("offers the number pad for a digits-only code_format (data/lock.ts)", () => {
    expect(codeInputMode("^\\d{4}$")).toBe("numeric");
    expect(codeInputMode("^[0-9]{4,6}$")).toBe("numeric");
    expect(codeInputMode("number")).toBe("numeric");
    expect(codeInputMode("^\\w+$")).toBe("text");
    expect(codeInputMode(".+")).toBe("text");
  });
});

describe("control names (what the e2e suite and screen readers find)", () => {
  it("names the entity in every control", () => {
    expect(labels.toggle("Kitchen light")).toBe("Kitchen light");
    expect(labels.brightness("Kitchen light")).toBe("Kitchen light brightness");
    expect(labels.cover("Blind", "stop")).toBe("Stop Blind");
    expect(labels.raise("Thermostat")).toBe("Raise Thermostat target temperature");
    expect(labels.lower("Thermostat", "low")).toBe("Lower Thermostat low target temperature");
    expect(labels.raise("Thermostat", "high")).toBe("Raise Thermostat high target temperature");
    expect(labels.playPause("Speaker", "pause")).toBe("Pause Speaker");
    expect(labels.activate("Movie night", "Activate")).toBe("Activate Movie night");
    expect(labels.lock("Front door", true)).toBe("Unlock Front door");
    expect(labels.confirmLock("Front door", true)).toBe("Unlock Front door?");
    expect(labels.lockCode("Front door")).toBe("Code for Front door");
  });
});
