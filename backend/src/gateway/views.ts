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
 * `get_config` (and REST `/api/config`) as HA answers any signed-in user: `Config.as_dict()`
 * (homeassistant/core_config.py; websocket_api/commands.py handle_get_config and
 * components/api/__init__.py APIConfigView check no permission), with these fields as they are.
 * Every other field is absent, on purpose:
 * - `internal_url`, `external_url`: where HA itself is reachable; a device talks to HAsync, and
 *   HA's address would let it try HA directly.
 * - `config_dir`, `allowlist_external_dirs`, `whitelist_external_dirs` (its legacy name),
 *   `allowlist_external_urls`: the host's file layout and the URLs integrations may fetch.
 * - a field a future HA adds: unknown until someone decides it is about the place, not the house.
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
  "config_source",
  "debug",
] as const;

/**
 * The home's position: personal data a guest pass has no need for. `zone.home` carries the same
 * coordinates and radius in its attributes, so a device with `zone.home` in its scope gets them
 * here too (with the elevation); any other device does not.
 */
const LOCATION_FIELDS = ["latitude", "longitude", "elevation", "radius"] as const;
const HOME_ZONE = "zone.home";

/**
 * Components that say nothing about the house (every HA with a frontend loads them) and that
 * clients check before using what HAsync serves: the APIs, the frontend's storage, history,
 * logbook and statistics. Matched against HA's own list, so one HA did not load stays out.
 */
const SURFACE_COMPONENTS: ReadonlySet<string> = new Set([
  "homeassistant",
  "http",
  "api",
  "websocket_api",
  "auth",
  "frontend",
  "history",
  "logbook",
  "recorder",
  // HAsync answers its one command cut to the scope (installation/interface-reads.ts), and HA's
  // Overview shows "integration not loaded" in place of the common controls without it.
  "usage_prediction",
]);

/**
 * `components` cut to the domains of visible entities and the surface above. HA's full list names
 * every integration and platform installed (`hue`, `alarmo`, `frigate`, `hue.light`...): the brands,
 * the alarm, the cameras of the whole house. Clients ask it "is the light domain loaded?" or
 * "is history loaded?", which this still answers for everything the device can use.
 */
function scopedComponents(components: readonly string[], visible: ReadonlySet<string>): string[] {
  const domains = new Set<string>();
  for (const entityId of visible) domains.add(entityId.slice(0, entityId.indexOf(".")));
  const cut = components.filter(
    (component) =>
      !ASSIST_COMPONENTS.has(component) && (domains.has(component) || SURFACE_COMPONENTS.has(component)),
  );
  return [...cut, ...HASYNC_COMPONENTS];
}

/**
 * Components HAsync answers itself, whatever HA loaded: HA's apps register only where
 * `mobile_app` is listed, and HAsync's own room (mobile-app/) takes their registration, never
 * HA's (which would make the phone an HA device writing its sensors into HA).
 */
const HASYNC_COMPONENTS = ["mobile_app"] as const;

/**
 * Assist acts by name on the whole house (conversation/process, intents, pipelines), so a device
 * is told it has none of it, even with a `conversation.*` or satellite entity in its scope: HA's
 * frontend shows Assist only where `isComponentLoaded(hass, "conversation")` (and the pipelines'
 * pages only with `assist_pipeline`), and HAsync answers their commands as an HA without them.
 */
const ASSIST_COMPONENTS: ReadonlySet<string> = new Set([
  "conversation",
  "assist_pipeline",
  "assist_satellite",
  "intent",
]);

/**
 * Before HAsync has first reached HA: HA's shape for a core that is not running. Clients read
 * `components` unguarded (Node-RED's palette throws in an async handler without it) and treat any
 * `state` but RUNNING as "not up yet"; `core_config_updated` tells them when the real one arrives.
 */
const NOT_RUNNING = { components: [], state: "NOT_RUNNING" };

export function scopedConfig(config: HaConfig | null, visible: ReadonlySet<string>): Record<string, unknown> {
  if (config === null) return { ...NOT_RUNNING, components: [] };
  const out: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) if (config[field] !== undefined) out[field] = config[field];
  if (visible.has(HOME_ZONE)) {
    for (const field of LOCATION_FIELDS) if (config[field] !== undefined) out[field] = config[field];
  }
  out.components = scopedComponents(config.components ?? [], visible);
  return out;
}
