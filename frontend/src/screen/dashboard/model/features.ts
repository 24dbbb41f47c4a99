import type { Entity } from "./types.js";
import { domainOf } from "./types.js";

/**
 * `supported_features` bits and the controls a state gets, as HA's frontend decides them
 * (common/entity/supports-feature.ts; data/cover.ts CoverEntityFeature, data/fan.ts,
 * data/climate.ts, data/media-player.ts, data/light.ts `lightSupportsBrightness`; the tile card
 * features' `supports…CardFeature` in panels/lovelace/card-features/).
 */
export const Cover = { OPEN: 1, CLOSE: 2, SET_POSITION: 4, STOP: 8 } as const;
export const Fan = { SET_SPEED: 1, TURN_OFF: 16, TURN_ON: 32 } as const;
export const Climate = { TARGET_TEMPERATURE: 1, TARGET_TEMPERATURE_RANGE: 2 } as const;
export const Media = {
  PAUSE: 1,
  VOLUME_SET: 4,
  PREVIOUS_TRACK: 16,
  NEXT_TRACK: 32,
  TURN_ON: 128,
  TURN_OFF: 256,
  STOP: 4096,
  PLAY: 16384,
} as const;

export const supportsFeature = (state: Entity, feature: number): boolean =>
  ((Number(state.attributes.supported_features) || 0) & feature) !== 0;

/** data/light.ts: every color mode except onoff (and unknown) has brightness. */
const BRIGHTNESS_MODES = ["brightness", "color_temp", "hs", "xy", "rgb", "rgbw", "rgbww", "white"];

export const lightSupportsBrightness = (state: Entity): boolean => {
  const modes = state.attributes.supported_color_modes;
  return Array.isArray(modes) && modes.some((mode) => BRIGHTNESS_MODES.indexOf(String(mode)) !== -1);
};

export type Control =
  | { kind: "toggle" }
  | { kind: "brightness" }
  | { kind: "fan-speed"; step: number }
  | { kind: "cover"; open: boolean; stop: boolean; close: boolean }
  | { kind: "position" }
  | { kind: "target-temperature"; min: number; max: number; step: number }
  | { kind: "target-range"; min: number; max: number; step: number }
  | { kind: "hvac-mode"; modes: string[] }
  | { kind: "media"; playPause: "play" | "pause" | null; previous: boolean; next: boolean }
  | { kind: "volume" }
  | { kind: "activate"; verb: "Activate" | "Run" | "Press" }
  | { kind: "lock"; locked: boolean };

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === "number" && Number.isFinite(value) ? value : fallback;

/** hui-target-temperature-card-feature.ts: min/max/step from the state; °C default 7–35 by 0.5 (climate.py). */
function climateControls(state: Entity): Control[] {
  const controls: Control[] = [];
  const bounds = {
    min: numberOr(state.attributes.min_temp, 7),
    max: numberOr(state.attributes.max_temp, 35),
    step: numberOr(state.attributes.target_temp_step, state.attributes.temperature_unit === "°F" ? 1 : 0.5),
  };
  const { temperature, target_temp_low: low, target_temp_high: high } = state.attributes;
  if (supportsFeature(state, Climate.TARGET_TEMPERATURE) && typeof temperature === "number") {
    controls.push({ kind: "target-temperature", ...bounds });
  } else if (
    supportsFeature(state, Climate.TARGET_TEMPERATURE_RANGE) &&
    typeof low === "number" &&
    typeof high === "number"
  ) {
    // heat_cool: the low and the high target, each its own −/+ (the feature's "dual" mode).
    controls.push({ kind: "target-range", ...bounds });
  }
  const modes = state.attributes.hvac_modes;
  if (Array.isArray(modes) && modes.length > 0)
    controls.push({ kind: "hvac-mode", modes: modes.map(String) });
  return controls;
}

/** hui-media-control-card / data/media-player.ts `computeMediaControls`: pause while playing, else play. */
function mediaControls(state: Entity): Control[] {
  if (state.state === "off") return supportsFeature(state, Media.TURN_ON) ? [{ kind: "toggle" }] : [];
  const playing = state.state === "playing";
  const playPause = playing
    ? supportsFeature(state, Media.PAUSE)
      ? "pause"
      : null
    : supportsFeature(state, Media.PLAY)
      ? "play"
      : null;
  const controls: Control[] = [
    {
      kind: "media",
      playPause,
      previous: supportsFeature(state, Media.PREVIOUS_TRACK),
      next: supportsFeature(state, Media.NEXT_TRACK),
    },
  ];
  if (supportsFeature(state, Media.VOLUME_SET)) controls.push({ kind: "volume" });
  if (supportsFeature(state, Media.TURN_OFF)) controls.unshift({ kind: "toggle" });
  return controls;
}

function coverControls(state: Entity): Control[] {
  const controls: Control[] = [];
  const open = supportsFeature(state, Cover.OPEN);
  const stop = supportsFeature(state, Cover.STOP);
  const close = supportsFeature(state, Cover.CLOSE);
  if (open || stop || close) controls.push({ kind: "cover", open, stop, close });
  if (supportsFeature(state, Cover.SET_POSITION)) controls.push({ kind: "position" });
  return controls;
}

function fanControls(state: Entity): Control[] {
  const controls: Control[] = [{ kind: "toggle" }];
  if (supportsFeature(state, Fan.SET_SPEED))
    controls.push({ kind: "fan-speed", step: numberOr(state.attributes.percentage_step, 1) });
  return controls;
}

/** The controls a state gets; none while unavailable (HA disables them: `isUnavailableState`). */
export function controlsFor(state: Entity): Control[] {
  if (state.state === "unavailable") return [];
  switch (domainOf(state.entity_id)) {
    case "light":
      return lightSupportsBrightness(state)
        ? [{ kind: "toggle" }, { kind: "brightness" }]
        : [{ kind: "toggle" }];
    case "switch":
    case "input_boolean":
      return [{ kind: "toggle" }];
    case "fan":
      return fanControls(state);
    case "cover":
      return coverControls(state);
    case "climate":
      return climateControls(state);
    case "media_player":
      return mediaControls(state);
    case "scene":
      return [{ kind: "activate", verb: "Activate" }];
    case "script":
      return [{ kind: "activate", verb: "Run" }];
    case "button":
    case "input_button":
      return [{ kind: "activate", verb: "Press" }];
    case "lock":
      return [{ kind: "lock", locked: state.state === "locked" }];
    default:
      return [];
  }
}
