import { validationError } from "./errors.js";
import type { SimState } from "./types.js";

/**
 * What each service does to an entity, per domain: a pure function from the current state and the
 * validated data to the next state. Services an entity's `supported_features` lack are refused
 * first, with HA's "does not support action" validation error.
 */

export type Next = { state: string; attributes: Record<string, unknown> };
type Attrs = Record<string, unknown>;
export type Effect = (s: SimState, service: string, data: Attrs, alarmCode: string) => Next | null;

/** Feature bits from HA's *EntityFeature enums that a service needs. */
export const REQUIRED_FEATURE: Record<string, number> = {
  "cover.open_cover": 1,
  "cover.close_cover": 2,
  "cover.set_cover_position": 4,
  "cover.stop_cover": 8,
  "lock.open": 1,
  "fan.set_percentage": 1,
  "alarm_control_panel.alarm_arm_home": 1,
  "alarm_control_panel.alarm_arm_away": 2,
  "alarm_control_panel.alarm_arm_night": 4,
  "alarm_control_panel.alarm_trigger": 8,
  "climate.set_temperature": 1,
  "climate.set_preset_mode": 16,
  "climate.turn_off": 128,
  "climate.turn_on": 256,
  "media_player.join": 524288,
  "media_player.unjoin": 524288,
};

const idList = (v: unknown): string[] =>
  (typeof v === "string" ? v.split(",") : Array.isArray(v) ? v : [])
    .filter((id): id is string => typeof id === "string")
    .map((id) => id.trim().toLowerCase());
const num = (v: unknown, fallback: number): number => (typeof v === "number" ? v : fallback);
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const toggled = (s: SimState, on: string) => (s.state === on ? "turn_off" : "turn_on");

function rgbToHs([r, g, b]: number[]): [number, number] {
  const [rr, gg, bb] = [(r ?? 0) / 255, (g ?? 0) / 255, (b ?? 0) / 255];
  const max = Math.max(rr, gg, bb);
  const delta = max - Math.min(rr, gg, bb);
  let hue = 0;
  if (delta > 0 && max === rr) hue = ((gg - bb) / delta) % 6;
  else if (delta > 0 && max === gg) hue = (bb - rr) / delta + 2;
  else if (delta > 0) hue = (rr - gg) / delta + 4;
  const h = Math.round(((hue * 60 + 360) % 360) * 10) / 10;
  return [h, max === 0 ? 0 : Math.round((delta / max) * 1000) / 10];
}

function lightOff(a: Attrs): Next {
  const out: Attrs = { ...a, brightness: null, color_mode: null };
  for (const key of ["color_temp_kelvin", "hs_color", "effect"]) if (key in a) out[key] = null;
  return { state: "off", attributes: out };
}

function lightOn(a: Attrs, data: Attrs): Next {
  const modes = (a.supported_color_modes as string[] | undefined) ?? ["brightness"];
  let brightness = num(a.brightness, 255);
  if (data.brightness !== undefined) brightness = num(data.brightness, brightness);
  else if (data.brightness_pct !== undefined)
    brightness = Math.round((num(data.brightness_pct, 100) * 255) / 100);
  else if (data.brightness_step !== undefined) brightness += num(data.brightness_step, 0);
  else if (data.brightness_step_pct !== undefined)
    brightness += Math.round((num(data.brightness_step_pct, 0) * 255) / 100);
  brightness = clamp(Math.round(brightness), 0, 255);
  if (brightness === 0) return lightOff(a);
  const out: Attrs = { ...a, brightness };
  if (data.color_temp_kelvin !== undefined && modes.includes("color_temp")) {
    Object.assign(out, {
      color_mode: "color_temp",
      color_temp_kelvin: data.color_temp_kelvin,
      hs_color: modes.includes("hs") ? null : undefined,
    });
  } else if ((data.rgb_color || data.hs_color) && modes.includes("hs")) {
    const hs = data.hs_color ?? rgbToHs(data.rgb_color as number[]);
    Object.assign(out, {
      color_mode: "hs",
      hs_color: hs,
      color_temp_kelvin: modes.includes("color_temp") ? null : undefined,
    });
  } else if (!out.color_mode) {
    out.color_mode = modes.includes("color_temp") ? "color_temp" : (modes[0] ?? "brightness");
    if (out.color_mode === "color_temp") out.color_temp_kelvin = num(a.color_temp_kelvin, 2700);
  }
  if (typeof data.effect === "string" && (a.effect_list as string[] | undefined)?.includes(data.effect))
    out.effect = data.effect;
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return { state: "on", attributes: out };
}

const light: Effect = (s, service, data) => {
  const action = service === "toggle" ? toggled(s, "on") : service;
  return action === "turn_off" ? lightOff(s.attributes) : lightOn(s.attributes, data);
};

const onOff: Effect = (s, service) => {
  const action = service === "toggle" ? toggled(s, "on") : service;
  return { state: action === "turn_on" ? "on" : "off", attributes: s.attributes };
};

const fan: Effect = (s, service, data) => {
  const action = service === "toggle" ? toggled(s, "on") : service;
  let pct = action === "turn_off" ? 0 : num(data.percentage, num(s.attributes.percentage, 0) || 100);
  if (action === "set_percentage") pct = num(data.percentage, 0);
  return { state: pct > 0 ? "on" : "off", attributes: { ...s.attributes, percentage: pct } };
};

const cover: Effect = (s, service, data) => {
  const hasPosition = "current_position" in s.attributes;
  let position = num(s.attributes.current_position, s.state === "closed" ? 0 : 100);
  if (service === "stop_cover") return null;
  if (service === "open_cover" || (service === "toggle" && s.state === "closed")) position = 100;
  else if (service === "close_cover" || service === "toggle") position = 0;
  else if (service === "set_cover_position") position = num(data.position, position);
  const attributes = hasPosition ? { ...s.attributes, current_position: position } : s.attributes;
  return { state: position > 0 ? "open" : "closed", attributes };
};

const LOCK_STATES: Attrs = { lock: "locked", unlock: "unlocked", open: "open" };
const lock: Effect = (s, service) => ({ state: String(LOCK_STATES[service]), attributes: s.attributes });

const ALARM_STATES: Attrs = {
  alarm_disarm: "disarmed",
  alarm_arm_home: "armed_home",
  alarm_arm_away: "armed_away",
  alarm_arm_night: "armed_night",
  alarm_trigger: "triggered",
};
const alarm: Effect = (s, service, data, alarmCode) => {
  const needsCode = service === "alarm_disarm" || s.attributes.code_arm_required === true;
  const given = data.code;
  if ((needsCode || given !== undefined) && given !== alarmCode)
    throw validationError("Invalid alarm code provided");
  return { state: String(ALARM_STATES[service]), attributes: { ...s.attributes, changed_by: null } };
};

function hvacAction(mode: string, current: number, target: number): string {
  if (mode === "off") return "off";
  if (mode === "cool") return current > target ? "cooling" : "idle";
  return current < target ? "heating" : "idle";
}

const climate: Effect = (s, service, data) => {
  const a = s.attributes;
  let mode = s.state;
  let target = num(a.temperature, 20);
  if (service === "turn_on" || (service === "toggle" && mode === "off")) mode = "heat";
  else if (service === "turn_off" || service === "toggle") mode = "off";
  if (service === "set_hvac_mode" || data.hvac_mode !== undefined) mode = String(data.hvac_mode);
  const modes = (a.hvac_modes as string[] | undefined) ?? [];
  if (!modes.includes(mode))
    throw validationError(`HVAC mode ${mode} is not valid. Valid HVAC modes are: ${modes.join(", ")}`);
  if (data.temperature !== undefined) {
    target = num(data.temperature, target);
    const [lo, hi] = [num(a.min_temp, 7), num(a.max_temp, 35)];
    if (target < lo || target > hi) {
      throw validationError(
        `Provided temperature ${target.toFixed(1)} is not valid. Accepted range is ${lo} to ${hi}.`,
      );
    }
  }
  const out: Attrs = {
    ...a,
    temperature: target,
    hvac_action: hvacAction(mode, num(a.current_temperature, 20), target),
  };
  if (service === "set_preset_mode") {
    const presets = (a.preset_modes as string[] | undefined) ?? [];
    if (!presets.includes(String(data.preset_mode))) {
      throw validationError(
        `Preset mode ${String(data.preset_mode)} is not valid. Valid preset modes are: ${presets.join(", ")}`,
      );
    }
    out.preset_mode = data.preset_mode;
  }
  return { state: mode, attributes: out };
};

/** Attributes a media player keeps while off; HA drops the rest, which clients see as "-" diffs. */
const MEDIA_ALWAYS = ["device_class", "source_list", "supported_features", "friendly_name"];
const MEDIA_SESSION = ["media_content_type", "media_title", "media_series_title", "app_name"];
const without = (a: Attrs, keys: string[]): Attrs =>
  Object.fromEntries(Object.entries(a).filter(([k]) => !keys.includes(k)));
const only = (a: Attrs, keys: string[]): Attrs =>
  Object.fromEntries(Object.entries(a).filter(([k]) => keys.includes(k)));

function mediaOn(a: Attrs): Attrs {
  const sources = (a.source_list as string[] | undefined) ?? [];
  return { volume_level: 0.3, is_volume_muted: false, source: sources[0] ?? null, ...a };
}

const media: Effect = (s, service, data) => {
  const a = s.attributes;
  const volume = num(a.volume_level, 0.3);
  switch (service) {
    case "turn_off":
      return { state: "off", attributes: only(a, MEDIA_ALWAYS) };
    case "turn_on":
      return s.state === "off" ? { state: "idle", attributes: mediaOn(a) } : null;
    case "toggle":
      return s.state === "off"
        ? { state: "idle", attributes: mediaOn(a) }
        : { state: "off", attributes: only(a, MEDIA_ALWAYS) };
    case "media_play":
      return { state: "playing", attributes: mediaOn(a) };
    case "media_pause":
      return s.state === "playing" ? { state: "paused", attributes: a } : null;
    case "media_play_pause":
      return { state: s.state === "playing" ? "paused" : "playing", attributes: mediaOn(a) };
    case "media_stop":
      return { state: "idle", attributes: without(a, MEDIA_SESSION) };
    case "volume_set":
      return { state: s.state, attributes: { ...a, volume_level: data.volume_level } };
    case "volume_up":
    case "volume_down": {
      const next = clamp(volume + (service === "volume_up" ? 0.05 : -0.05), 0, 1);
      return { state: s.state, attributes: { ...a, volume_level: Math.round(next * 100) / 100 } };
    }
    case "volume_mute":
      return { state: s.state, attributes: { ...a, is_volume_muted: data.is_volume_muted } };
    case "select_source":
      return { state: s.state, attributes: { ...a, source: data.source } };
    case "join":
      // HA lists the whole group, the player itself first (media_player ATTR_GROUP_MEMBERS).
      return {
        state: s.state,
        attributes: { ...a, group_members: [s.entity_id, ...idList(data.group_members)] },
      };
    case "unjoin":
      return { state: s.state, attributes: without(a, ["group_members"]) };
    default:
      return null;
  }
};

export const EFFECTS: Record<string, Effect> = {
  light,
  switch: onOff,
  input_boolean: onOff,
  fan,
  cover,
  lock,
  alarm_control_panel: alarm,
  climate,
  media_player: media,
};
