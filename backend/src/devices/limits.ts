import type { CallLimits, CallRange } from "hasync";
import type { CallServiceRequest, HaMirror, HaState } from "../ha/types.js";
import { domainOf } from "./targets.js";

/**
 * A device's limits on what a call may set (issue 15, hasync `CallLimitsSchema`): checked on the
 * call as it will be forwarded (explicit in-scope entity ids), for each entity with the service of
 * its own domain (`homeassistant.turn_on` with a brightness reaches each light as `light.turn_on`,
 * `components/homeassistant/__init__.py async_handle_turn_service` passes the data on). Explicit
 * values and relative steps both count; a step is computed from the entity's state now, as HA
 * computes it. What a scene, a script or a light profile sets is not known here and not checked.
 */

export type LimitsView = Pick<HaMirror, "getState" | "config">;

type Quantity = "brightness" | "temperature" | "volume" | "position";
type Side = "above" | "below";

/** One value a call would set on one entity. `value` null: a step from a value the state lacks. */
interface Setting {
  what: Quantity;
  value: number | null;
  /** Which bounds apply: both for a value set outright, the one a step moves toward for a step. */
  sides: readonly Side[];
  /** Said after the value: which entity a computed value is for, and how. */
  note?: string;
}

const BOTH: readonly Side[] = ["above", "below"];
const QUANTITIES: Record<Quantity, { label: string; limit: keyof CallLimits }> = {
  brightness: { label: "Brightness", limit: "light_brightness_pct" },
  temperature: { label: "Temperature", limit: "climate_temperature" },
  volume: { label: "Volume", limit: "media_volume_pct" },
  position: { label: "Cover position", limit: "cover_position_pct" },
};

/** HA's validators coerce numeric strings (`vol.Coerce(int|float)`, `cv.small_float`). */
function num(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
const clamp = (value: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, value));
/** Python's `round`, half to even, as HA computes steps (`round(178.5)` is 178, not 179). */
function pyRound(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}
const percentOf = (brightness: number) => (brightness / 255) * 100;

/**
 * `light.turn_on` as `components/light/__init__.py` reads it: `brightness` 0-255 (clamped),
 * `brightness_pct` (→ `round(255 * pct / 100)`), `white` with a brightness, and the steps from the
 * light's brightness when it is on, else 0 (`process_turn_on_params`). A brightness of 0 turns the
 * light off (`preprocess_turn_off`), which no limit stops.
 */
function lightOn(data: Record<string, unknown>, state: HaState | undefined, id: string): Setting[] {
  const out: Setting[] = [];
  const absolute = num(data.brightness) ?? num(data.white);
  if (absolute !== undefined && clamp(absolute, 0, 255) > 0) {
    out.push({ what: "brightness", value: percentOf(clamp(absolute, 0, 255)), sides: BOTH });
  }
  const pct = num(data.brightness_pct);
  if (pct !== undefined && pyRound((255 * pct) / 100) > 0)
    out.push({ what: "brightness", value: pct, sides: BOTH });
  const step = num(data.brightness_step);
  const stepPct = num(data.brightness_step_pct);
  const delta = step ?? stepPct;
  if (delta === undefined || delta === 0) return out;
  const lit = state?.state === "on" ? (num(state.attributes.brightness) ?? 0) : 0;
  const next =
    step !== undefined
      ? lit + clamp(step, -255, 255)
      : pyRound(((pyRound(percentOf(lit)) + clamp(delta, -100, 100)) / 100) * 255);
  const brightness = clamp(next, 0, 255);
  if (brightness === 0) return out;
  const side: Side = delta > 0 ? "above" : "below";
  out.push({ what: "brightness", value: percentOf(brightness), sides: [side], note: `${id} after the step` });
  return out;
}

/** `climate.set_temperature`, values in HA's unit (`components/climate/__init__.py async_service_temperature_set`). */
function temperatures(data: Record<string, unknown>): Setting[] {
  return ["temperature", "target_temp_low", "target_temp_high"].flatMap((key) => {
    const value = num(data[key]);
    return value === undefined ? [] : [{ what: "temperature" as const, value, sides: BOTH }];
  });
}

/**
 * `media_player.volume_up/down` as `components/media_player/__init__.py` does them: the volume now
 * plus or minus the entity's `volume_step` (0.1 unless the entity says otherwise), within 0..1.
 */
function volumeStep(state: HaState | undefined, id: string, up: boolean): Setting[] {
  const side: Side = up ? "above" : "below";
  const now = num(state?.attributes.volume_level);
  if (now === undefined) return [{ what: "volume", value: null, sides: [side], note: id }];
  const step = num(state?.attributes.volume_step) ?? 0.1;
  const next = up ? Math.min(1, now + step) : Math.max(0, now - step);
  return [{ what: "volume", value: next * 100, sides: [side], note: `${id} after the step` }];
}

const OPEN: Setting = { what: "position", value: 100, sides: ["above"], note: "fully open" };
const CLOSED: Setting = { what: "position", value: 0, sides: ["below"], note: "fully closed" };

/**
 * `cover.toggle` (`components/cover/__init__.py _get_toggle_function`): a moving cover stops, a
 * closed one opens; otherwise HA goes by the last direction it saw the cover move, which its state
 * does not carry, so both opening and closing must be within the limits.
 */
function coverToggle(state: HaState | undefined, id: string): Setting[] {
  if (state?.state === "opening" || state?.state === "closing") return [];
  if (state?.state === "closed") return [OPEN];
  return [
    { ...OPEN, note: `${id} may open when toggled` },
    { ...CLOSED, note: `${id} may close when toggled` },
  ];
}

type Rule = (data: Record<string, unknown>, state: HaState | undefined, id: string) => Setting[];

/** `<domain>.<service>` → what it sets. A light that is on toggles off (`async_handle_toggle_service`). */
const RULES: Record<string, Rule> = {
  "light.turn_on": lightOn,
  "light.toggle": (data, state, id) => (state?.state === "on" ? [] : lightOn(data, state, id)),
  "climate.set_temperature": temperatures,
  "media_player.volume_set": (data) => {
    const level = num(data.volume_level);
    return level === undefined ? [] : [{ what: "volume", value: level * 100, sides: BOTH }];
  },
  "media_player.volume_up": (_data, state, id) => volumeStep(state, id, true),
  "media_player.volume_down": (_data, state, id) => volumeStep(state, id, false),
  "cover.set_cover_position": (data) => {
    const position = num(data.position);
    return position === undefined ? [] : [{ what: "position", value: position, sides: BOTH }];
  },
  "cover.open_cover": () => [OPEN],
  "cover.close_cover": () => [CLOSED],
  "cover.toggle": (_data, state, id) => coverToggle(state, id),
};

/** Percentages to a tenth, as shown; temperatures to a hundredth (float noise such as 0.1 + 0.2). */
const shown = (what: Quantity, value: number) =>
  what === "temperature" ? Math.round(value * 100) / 100 : Math.round(value * 10) / 10;

/**
 * The refusal for one setting, worded like HA's own range errors (climate's `temp_out_of_range`,
 * "Provided temperature … is not valid. Accepted range is …") but naming the device's limit.
 */
function beyond(setting: Setting, range: CallRange, unit: string): string | null {
  const { label } = QUANTITIES[setting.what];
  for (const side of setting.sides) {
    const limit = side === "above" ? range.max : range.min;
    if (limit === undefined) continue;
    if (setting.value === null) {
      return `${label} of ${setting.note} is not known, so this step cannot be kept within this device's limit of ${limit}${unit}.`;
    }
    const value = shown(setting.what, setting.value);
    if (side === "above" ? value <= limit : value >= limit) continue;
    const note = setting.note === undefined ? "" : ` (${setting.note})`;
    return `${label} ${value}${unit}${note} is ${side} this device's limit of ${limit}${unit}.`;
  }
  return null;
}

/** Why the forwarded call would set something beyond the device's limits, or null when it would not. */
export function limitRefusal(
  limits: CallLimits | undefined,
  request: CallServiceRequest,
  view: LimitsView,
): string | null {
  if (limits === undefined) return null;
  const raw = request.target?.entity_id ?? [];
  const ids = typeof raw === "string" ? [raw] : raw;
  const data = request.service_data ?? {};
  // HA lowercases the service it is asked for (core.py ServiceRegistry.async_call).
  const service = request.service.toLowerCase();
  const temperatureUnit = view.config()?.unit_system?.temperature;
  for (const id of ids) {
    const rule = RULES[`${domainOf(id)}.${service}`];
    if (rule === undefined) continue;
    for (const setting of rule(data, view.getState(id), id)) {
      const range = limits[QUANTITIES[setting.what].limit];
      if (range === undefined) continue;
      const unit = setting.what === "temperature" ? (temperatureUnit ? ` ${temperatureUnit}` : "") : " %";
      const reason = beyond(setting, range, unit);
      if (reason !== null) return reason;
    }
  }
  return null;
}
