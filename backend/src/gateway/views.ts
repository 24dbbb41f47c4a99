import type { HaConfig, HaMirror, HaState } from "../ha/types.js";
import { scopedState, stateJson } from "./wire-states.js";

/**
 * Home Assistant's data as one device may see it: only entities in its resolved scope, and only
 * registry entries and config fields that say nothing about the rest of the house.
 */

/** The states of `ids` (default: every visible entity) that exist, as this device may see them. */
export function visibleStates(
  mirror: HaMirror,
  visible: ReadonlySet<string>,
  ids: Iterable<string> = visible,
): HaState[] {
  const out: HaState[] = [];
  for (const entityId of ids) {
    const state = visible.has(entityId) ? mirror.getState(entityId) : undefined;
    if (state !== undefined) out.push(scopedState(state, visible, mirror));
  }
  return out;
}

/** `get_states` as JSON text: cached, sanitised state JSON spliced into one array. */
export const statesArrayJson = (states: readonly HaState[]): string => `[${states.map(stateJson).join(",")}]`;

/**
 * `get_config` fields a device gets. Left out on purpose: `internal_url`/`external_url` (where HA
 * is reachable: devices talk to HAsync), `config_dir` and the allowlisted paths and URLs (the host's
 * layout), and `latitude`/`longitude`/`elevation`/`radius` (the home's exact position is personal
 * data a guest pass has no need for; an admin who wants a device to know it puts `zone.home`, which
 * carries the coordinates, into its scope).
 */
const CONFIG_FIELDS = [
  "location_name",
  "version",
  "unit_system",
  "time_zone",
  "currency",
  "country",
  "language",
  "state",
  "safe_mode",
  "recovery_mode",
] as const;

/**
 * `components` is narrowed to the domains of visible entities: clients use it to ask "is the
 * light integration loaded?", and the full list would enumerate everything installed.
 */
export function scopedConfig(config: HaConfig | null, visible: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (config === null) return out;
  for (const field of CONFIG_FIELDS) if (config[field] !== undefined) out[field] = config[field];
  const domains = new Set<string>();
  for (const entityId of visible) domains.add(entityId.slice(0, entityId.indexOf(".")));
  out.components = (config.components ?? []).filter((component) => domains.has(component));
  return out;
}

