import type { Entity } from "./types.js";
import { domainOf } from "./types.js";

/**
 * The service call each control makes, as HA's frontend makes it: `<domain>.turn_on/turn_off` for
 * a toggle (components/entity/ha-entity-toggle.ts), `light.turn_on {brightness_pct}`
 * (hui-light-brightness-card-feature.ts), `fan.set_percentage` (hui-fan-speed-card-feature.ts),
 * `cover.open_cover/stop_cover/close_cover/set_cover_position` (hui-cover-open-close-card-feature.ts,
 * hui-cover-position-card-feature.ts), `climate.set_temperature/set_hvac_mode`
 * (hui-target-temperature-card-feature.ts, hui-climate-hvac-modes-card-feature.ts),
 * `media_player.media_play/media_pause/media_previous_track/media_next_track/volume_set`
 * (data/media-player.ts `handleMediaControlClick`, ha-more-info-media_player), `scene.turn_on`,
 * `script.turn_on`, `button.press` (hui-generic-entity-row / getToggleAction), `lock.lock/unlock`
 * (hui-lock-commands-card-feature.ts).
 */
export interface ServiceCall {
  domain: string;
  service: string;
  data?: Record<string, unknown>;
  target: { entity_id: string };
}

const call = (
  state: Entity,
  domain: string,
  service: string,
  data?: Record<string, unknown>,
): ServiceCall => ({
  domain,
  service,
  ...(data ? { data } : {}),
  target: { entity_id: state.entity_id },
});

/** A state is "on" for a toggle unless it is off (media players: off and standby are off). */
export const isOn = (state: Entity): boolean =>
  !["off", "unavailable", "unknown", "standby", "closed", "locked"].includes(state.state);

export const toggleCall = (state: Entity): ServiceCall =>
  call(state, domainOf(state.entity_id), isOn(state) ? "turn_off" : "turn_on");

export const brightnessCall = (state: Entity, percent: number): ServiceCall =>
  call(state, "light", "turn_on", { brightness_pct: Math.round(percent) });

export const fanSpeedCall = (state: Entity, percentage: number): ServiceCall =>
  call(state, "fan", "set_percentage", { percentage: Math.round(percentage) });

export const coverCall = (state: Entity, action: "open" | "stop" | "close"): ServiceCall =>
  call(state, "cover", `${action}_cover`);

export const positionCall = (state: Entity, position: number): ServiceCall =>
  call(state, "cover", "set_cover_position", { position: Math.round(position) });

/** One step up or down from the current target, kept within min/max and on the step's grid. */
export function nextTarget(
  current: number,
  direction: 1 | -1,
  min: number,
  max: number,
  step: number,
): number {
  const next = Math.round((current + direction * step) / step) * step;
  const clamped = Math.min(max, Math.max(min, next));
  return Number(clamped.toFixed(step < 1 ? 1 : 0));
}

export const temperatureCall = (state: Entity, temperature: number): ServiceCall =>
  call(state, "climate", "set_temperature", { temperature });

/** heat_cool's two targets: HA's set_temperature takes both at once. */
export const rangeCall = (state: Entity, low: number, high: number): ServiceCall =>
  call(state, "climate", "set_temperature", { target_temp_low: low, target_temp_high: high });

export const hvacModeCall = (state: Entity, mode: string): ServiceCall =>
  call(state, "climate", "set_hvac_mode", { hvac_mode: mode });

export const mediaCall = (state: Entity, action: "play" | "pause" | "previous" | "next"): ServiceCall =>
  call(
    state,
    "media_player",
    action === "previous"
      ? "media_previous_track"
      : action === "next"
        ? "media_next_track"
        : `media_${action}`,
  );

export const volumeCall = (state: Entity, percent: number): ServiceCall =>
  call(state, "media_player", "volume_set", { volume_level: Math.round(percent) / 100 });

/** Scenes and scripts are turned on; buttons are pressed. */
export function activateCall(state: Entity): ServiceCall {
  const domain = domainOf(state.entity_id);
  return call(state, domain, domain === "button" || domain === "input_button" ? "press" : "turn_on");
}

/** `lock.lock`/`lock.unlock`, with the code the user typed when the lock has a `code_format`. */
export const lockCall = (state: Entity, lock: boolean, code?: string): ServiceCall =>
  call(state, "lock", lock ? "lock" : "unlock", code ? { code } : undefined);

/** A digits-only `code_format` (a regex, e.g. "^\\d{4}$") gets the number pad. */
export function codeInputMode(format: string | null): "numeric" | "text" {
  if (format === null || format === "number") return "numeric";
  return /^\^?(\\d|\[0-9\])[^a-zA-Z]*\$?$/.test(format) ? "numeric" : "text";
}

/** Current slider values in percent, from the state as HA's card features read them. */
export const brightnessPercent = (state: Entity): number =>
  typeof state.attributes.brightness === "number"
    ? Math.max(1, Math.round((state.attributes.brightness / 255) * 100))
    : 0;

export const volumePercent = (state: Entity): number =>
  typeof state.attributes.volume_level === "number" ? Math.round(state.attributes.volume_level * 100) : 0;
