import type { DisplayEntry, Entity } from "./types.js";
import { domainOf } from "./types.js";

/**
 * A state in HA's English words (common/entity/compute_state_display.ts, with the state
 * translations of each component's strings.json in home-assistant/core, e.g.
 * components/binary_sensor/strings.json `state.<device_class>`).
 */

const COMMON: Record<string, string> = {
  on: "On",
  off: "Off",
  open: "Open",
  opening: "Opening",
  closed: "Closed",
  closing: "Closing",
  stopped: "Stopped",
  locked: "Locked",
  unlocked: "Unlocked",
  locking: "Locking",
  unlocking: "Unlocking",
  jammed: "Jammed",
  idle: "Idle",
  playing: "Playing",
  paused: "Paused",
  standby: "Standby",
  buffering: "Buffering",
  home: "Home",
  not_home: "Away",
  unavailable: "Unavailable",
  unknown: "Unknown",
};

/** components/binary_sensor/strings.json: [off, on] per device class. */
const BINARY_SENSOR: Record<string, [string, string]> = {
  battery: ["Normal", "Low"],
  battery_charging: ["Not charging", "Charging"],
  carbon_monoxide: ["Clear", "Detected"],
  cold: ["Normal", "Cold"],
  connectivity: ["Disconnected", "Connected"],
  door: ["Closed", "Open"],
  garage_door: ["Closed", "Open"],
  gas: ["Clear", "Detected"],
  heat: ["Normal", "Hot"],
  light: ["No light", "Light detected"],
  lock: ["Locked", "Unlocked"],
  moisture: ["Dry", "Wet"],
  motion: ["Clear", "Detected"],
  moving: ["Not moving", "Moving"],
  occupancy: ["Clear", "Detected"],
  opening: ["Closed", "Open"],
  plug: ["Unplugged", "Plugged in"],
  presence: ["Away", "Home"],
  problem: ["OK", "Problem"],
  running: ["Not running", "Running"],
  safety: ["Safe", "Unsafe"],
  smoke: ["Clear", "Detected"],
  sound: ["Clear", "Detected"],
  tamper: ["Clear", "Tampering detected"],
  update: ["Up-to-date", "Update available"],
  vibration: ["Clear", "Detected"],
  window: ["Closed", "Open"],
};

/** components/climate/strings.json `state._` (the HVAC modes), also the mode select's options. */
export const HVAC_MODE_WORDS: Record<string, string> = {
  off: "Off",
  heat: "Heat",
  cool: "Cool",
  heat_cool: "Heat/Cool",
  auto: "Auto",
  dry: "Dry",
  fan_only: "Fan only",
};

/** components/weather/strings.json `state._`. */
const WEATHER: Record<string, string> = {
  "clear-night": "Clear, night",
  cloudy: "Cloudy",
  exceptional: "Exceptional",
  fog: "Fog",
  hail: "Hail",
  lightning: "Lightning",
  "lightning-rainy": "Lightning, rainy",
  partlycloudy: "Partly cloudy",
  pouring: "Pouring",
  rainy: "Rainy",
  snowy: "Snowy",
  "snowy-rainy": "Snowy, rainy",
  sunny: "Sunny",
  windy: "Windy",
  "windy-variant": "Windy, cloudy",
};

/** Domains whose state is the time of their last press/activation (compute_state_display.ts). */
const TIMESTAMP_DOMAINS = new Set([
  "button",
  "input_button",
  "scene",
  "event",
  "notify",
  "conversation",
  "stt",
  "tts",
]);

const capitalize = (text: string): string => (text ? text[0].toUpperCase() + text.slice(1) : text);

/** common/translations/blank_before_unit.ts: none before "°", and none before "%" in English. */
export const blankBeforeUnit = (unit: string): string => (unit === "°" || unit === "%" ? "" : " ");

/** HA's `formatNumber` with the registry's display precision, else the number as HA sent it. */
export function formatNumber(value: string, precision: number | undefined): string {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number)) return value;
  // Intl accepts at most 20 fraction digits on the old browsers a screen may run.
  const sent = value.indexOf(".") === -1 ? 0 : value.length - value.indexOf(".") - 1;
  const decimals = Math.min(20, Math.max(0, precision ?? sent));
  return new Intl.NumberFormat("en-US", {
    maximumFractionDigits: decimals,
    minimumFractionDigits: precision === undefined ? 0 : decimals,
  }).format(number);
}

export function formatTimestamp(value: string): string | undefined {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  // Fields rather than dateStyle/timeStyle, which Safari only has from 14.1.
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(time);
}

function numeric(state: Entity, entry: DisplayEntry | undefined): string | undefined {
  const unit = state.attributes.unit_of_measurement;
  if (typeof unit !== "string" && domainOf(state.entity_id) !== "sensor") return undefined;
  if (!Number.isFinite(Number(state.state)) || state.state.trim() === "") return undefined;
  const number = formatNumber(state.state, entry?.dp);
  return typeof unit === "string" && unit ? `${number}${blankBeforeUnit(unit)}${unit}` : number;
}

function domainWord(domain: string, state: Entity): string | undefined {
  const value = state.state;
  if (domain === "binary_sensor") {
    const words = BINARY_SENSOR[String(state.attributes.device_class)];
    if (words && (value === "on" || value === "off")) return words[value === "on" ? 1 : 0];
  }
  if (domain === "climate") return HVAC_MODE_WORDS[value];
  if (domain === "weather") return WEATHER[value];
  if (domain === "sun")
    return value === "above_horizon"
      ? "Above horizon"
      : value === "below_horizon"
        ? "Below horizon"
        : undefined;
  if (TIMESTAMP_DOMAINS.has(domain)) return formatTimestamp(value);
  if (domain === "sensor" && state.attributes.device_class === "timestamp") return formatTimestamp(value);
  return undefined;
}

/** The words a tile shows for the state. */
export function stateWords(state: Entity, entry?: DisplayEntry): string {
  const value = state.state;
  if (value === "unavailable" || value === "unknown") return COMMON[value];
  const domain = domainOf(state.entity_id);
  // A person or tracker in a zone shows the zone's name, which is its state.
  return (
    domainWord(domain, state) ??
    numeric(state, entry) ??
    COMMON[value] ??
    capitalize(value.replace(/_/g, " "))
  );
}

/** A weather tile: the condition and the temperature with its unit (hui-weather-forecast-card.ts). */
export function weatherSummary(state: Entity): string {
  const temperature = state.attributes.temperature;
  const unit = state.attributes.temperature_unit;
  const words = stateWords(state);
  if (typeof temperature !== "number") return words;
  return `${words}, ${formatNumber(String(temperature), undefined)}${typeof unit === "string" ? ` ${unit}` : ""}`;
}
