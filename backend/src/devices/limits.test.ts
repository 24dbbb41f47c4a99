import type { CallLimits } from "hasync";
import { describe, expect, it } from "vitest";
import type { CallServiceRequest, HaConfig, HaState } from "../ha/types.js";
import { type LimitsView, limitRefusal } from "./limits.js";
import { decide } from "./test-house.js";

/** The device's limits on what a call sets (limits.ts), rule by rule, on calls as they are forwarded. */
const state = (entity_id: string, value: string, attributes: Record<string, unknown> = {}): HaState => ({
  entity_id,
  state: value,
  attributes,
  last_changed: "",
  last_updated: "",
  context: { id: "c", parent_id: null, user_id: null },
});

const STATES = new Map(
  [
    state("light.half", "on", { brightness: 128 }),
    state("light.dim", "on", { brightness: 20 }),
    state("light.off", "off", { brightness: null }),
    state("light.full", "on", { brightness: 255 }),
    state("switch.plug", "on"),
    state("climate.hall", "heat", { temperature: 20 }),
    state("media_player.tv", "playing", { volume_level: 0.55 }),
    state("media_player.fine", "playing", { volume_level: 0.55, volume_step: 0.02 }),
    state("media_player.quiet", "playing", { volume_level: 0.25 }),
    state("media_player.off", "off"),
    state("cover.blinds", "open", { current_position: 100 }),
    state("cover.shut", "closed", { current_position: 0 }),
    state("cover.moving", "opening", { current_position: 40 }),
  ].map((s) => [s.entity_id, s]),
);

const viewWith = (temperature = "°C"): LimitsView => ({
  getState: (id) => STATES.get(id),
  config: () => ({ unit_system: { temperature } }) as unknown as HaConfig,
});

const check = (
  limits: CallLimits,
  domain: string,
  service: string,
  ids: string[],
  service_data: Record<string, unknown> = {},
  view = viewWith(),
) =>
  limitRefusal(
    limits,
    { domain, service, service_data, target: { entity_id: ids } } as CallServiceRequest,
    view,
  );

const light = (data: Record<string, unknown>, ids = ["light.half"], service = "turn_on") =>
  check({ light_brightness_pct: { min: 20, max: 60 } }, "light", service, ids, data);

describe("light brightness", () => {
  it("checks brightness (0-255) and brightness_pct against the device's range, both ends", () => {
    expect(light({ brightness: 230 })).toBe("Brightness 90.2 % is above this device's limit of 60 %.");
    expect(light({ brightness: 153 })).toBeNull();
    expect(light({ brightness: "230" })).toBe("Brightness 90.2 % is above this device's limit of 60 %.");
    expect(light({ brightness_pct: 90 })).toBe("Brightness 90 % is above this device's limit of 60 %.");
    expect(light({ brightness_pct: 10 })).toBe("Brightness 10 % is below this device's limit of 20 %.");
    expect(light({ brightness_pct: 60 })).toBeNull();
    expect(light({ white: 250 })).toBe("Brightness 98 % is above this device's limit of 60 %.");
  });

  it("lets brightness 0 through: HA turns the light off (light/__init__.py preprocess_turn_off)", () => {
    expect(light({ brightness: 0 })).toBeNull();
    expect(light({ brightness_pct: 0 })).toBeNull();
    expect(light({})).toBeNull();
  });

  it("computes steps from each light's brightness now, checking the side a step moves toward", () => {
    expect(light({ brightness_step: 60 })).toBe(
      "Brightness 73.7 % (light.half after the step) is above this device's limit of 60 %.",
    );
    expect(light({ brightness_step_pct: 20 })).toBe(
      "Brightness 69.8 % (light.half after the step) is above this device's limit of 60 %.",
    );
    expect(light({ brightness_step: -100 })).toBe(
      "Brightness 11 % (light.half after the step) is below this device's limit of 20 %.",
    );
    expect(light({ brightness_step: 10 })).toBeNull();
    // Up from below the minimum moves toward the range; down to 0 turns the light off.
    expect(light({ brightness_step: 5 }, ["light.dim"])).toBeNull();
    expect(light({ brightness_step: -255 })).toBeNull();
    // An off light steps from 0; HA rounds half to even, so 70 % of 255 is 178 (69.8 %).
    expect(light({ brightness_step_pct: 50 }, ["light.off"])).toBeNull();
    expect(light({ brightness_step_pct: 70 }, ["light.off"])).toBe(
      "Brightness 69.8 % (light.off after the step) is above this device's limit of 60 %.",
    );
  });

  it("checks every light of the call, and a toggle only where it turns a light on", () => {
    expect(light({ brightness_step: 60 }, ["light.off", "light.half"])).toMatch(/light\.half after the step/);
    expect(light({ brightness: 255 }, ["light.full"], "toggle")).toBeNull();
    expect(light({ brightness: 255 }, ["light.off"], "toggle")).toBe(
      "Brightness 100 % is above this device's limit of 60 %.",
    );
    expect(light({ brightness: 255 }, ["light.off"], "TURN_ON")).not.toBeNull();
    expect(light({ brightness: 255 }, ["light.off"], "turn_off")).toBeNull();
  });

  it("reaches lights through homeassistant.turn_on, as HA passes the data on to light.turn_on", () => {
    const limits = { light_brightness_pct: { max: 60 } };
    expect(
      check(limits, "homeassistant", "turn_on", ["switch.plug", "light.off"], { brightness_pct: 80 }),
    ).toBe("Brightness 80 % is above this device's limit of 60 %.");
    expect(check(limits, "homeassistant", "turn_on", ["switch.plug"], { brightness_pct: 80 })).toBeNull();
  });
});

describe("climate temperature", () => {
  const limits = { climate_temperature: { min: 16, max: 24 } };
  it("checks temperature and both ends of a range, in HA's unit, limits included", () => {
    const set = (data: Record<string, unknown>, view = viewWith()) =>
      check(limits, "climate", "set_temperature", ["climate.hall"], data, view);
    expect(set({ temperature: 30 })).toBe("Temperature 30 °C is above this device's limit of 24 °C.");
    expect(set({ temperature: 24 })).toBeNull();
    expect(set({ target_temp_low: 10, target_temp_high: 22 })).toBe(
      "Temperature 10 °C is below this device's limit of 16 °C.",
    );
    expect(set({ target_temp_low: 18, target_temp_high: 25.5 })).toBe(
      "Temperature 25.5 °C is above this device's limit of 24 °C.",
    );
    expect(set({ hvac_mode: "heat" })).toBeNull();
    expect(set({ temperature: 30 }, viewWith("°F"))).toBe(
      "Temperature 30 °F is above this device's limit of 24 °F.",
    );
  });
});

describe("media volume", () => {
  const limits = { media_volume_pct: { min: 20, max: 60 } };
  const volume = (service: string, ids: string[], data: Record<string, unknown> = {}) =>
    check(limits, "media_player", service, ids, data);
  it("checks volume_set (0..1 as %) and steps with HA's default 0.1 or the entity's own volume_step", () => {
    expect(volume("volume_set", ["media_player.tv"], { volume_level: 0.9 })).toBe(
      "Volume 90 % is above this device's limit of 60 %.",
    );
    expect(volume("volume_set", ["media_player.tv"], { volume_level: 0.6 })).toBeNull();
    expect(volume("volume_up", ["media_player.tv"])).toBe(
      "Volume 65 % (media_player.tv after the step) is above this device's limit of 60 %.",
    );
    expect(volume("volume_up", ["media_player.fine"])).toBeNull();
    expect(volume("volume_down", ["media_player.tv"])).toBeNull();
    expect(volume("volume_down", ["media_player.quiet"])).toBe(
      "Volume 15 % (media_player.quiet after the step) is below this device's limit of 20 %.",
    );
  });

  it("refuses a step from a volume the state does not give", () => {
    expect(volume("volume_up", ["media_player.off"])).toBe(
      "Volume of media_player.off is not known, so this step cannot be kept within this device's limit of 60 %.",
    );
    expect(
      check({ media_volume_pct: { min: 10 } }, "media_player", "volume_up", ["media_player.off"]),
    ).toBeNull();
  });
});

describe("cover position", () => {
  const cover = (limits: CallLimits["cover_position_pct"], service: string, id: string, data = {}) =>
    check({ cover_position_pct: limits }, "cover", service, [id], data);
  it("checks set_cover_position, and opening or closing fully when the range stops short", () => {
    expect(cover({ max: 80 }, "set_cover_position", "cover.blinds", { position: 90 })).toBe(
      "Cover position 90 % is above this device's limit of 80 %.",
    );
    expect(cover({ max: 80 }, "open_cover", "cover.shut")).toBe(
      "Cover position 100 % (fully open) is above this device's limit of 80 %.",
    );
    expect(cover({ min: 0, max: 100 }, "open_cover", "cover.shut")).toBeNull();
    expect(cover({ min: 10 }, "close_cover", "cover.blinds")).toBe(
      "Cover position 0 % (fully closed) is below this device's limit of 10 %.",
    );
    expect(cover({ min: 10 }, "open_cover", "cover.shut")).toBeNull();
  });

  it("reads a toggle from the cover's state: a closed one opens, a moving one stops", () => {
    expect(cover({ max: 80 }, "toggle", "cover.shut")).toBe(
      "Cover position 100 % (fully open) is above this device's limit of 80 %.",
    );
    expect(cover({ min: 10 }, "toggle", "cover.shut")).toBeNull();
    expect(cover({ max: 80, min: 10 }, "toggle", "cover.moving")).toBeNull();
    expect(cover({ min: 10 }, "toggle", "cover.blinds")).toBe(
      "Cover position 0 % (cover.blinds may close when toggled) is below this device's limit of 10 %.",
    );
  });
});

describe("without limits", () => {
  it("nothing is checked", () => {
    expect(check({}, "light", "turn_on", ["light.half"], { brightness: 255 })).toBeNull();
    expect(
      limitRefusal(
        undefined,
        { domain: "light", service: "turn_on", target: { entity_id: ["light.half"] } },
        viewWith(),
      ),
    ).toBeNull();
  });
});

describe("in the scope engine's decision", () => {
  const s = { areas: ["kitchen"], limits: { light_brightness_pct: { max: 50 } } };
  const bright: CallServiceRequest = {
    domain: "light",
    service: "turn_on",
    target: { entity_id: "light.kitchen" },
    service_data: { brightness_pct: 80 },
  };
  it("refuses a value beyond a limit with tell: limit, once the access allows the call", () => {
    expect(decide(s, bright)).toEqual({
      ok: false,
      reason: "Brightness 80 % is above this device's limit of 50 %.",
      tell: "limit",
    });
    expect(decide(s, { ...bright, service_data: { brightness_pct: 50 } })).toMatchObject({ ok: true });
    expect(decide({ ...s, entity_access: { "light.kitchen": "read" } }, bright)).toEqual({
      ok: false,
      reason: "light.kitchen is read-only for this device",
    });
  });
});
