import type { HaArea, HaConfig, HaDevice, HaEntityEntry, HaMirror, HaState } from "../ha/types.js";
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

/**
 * Areas holding at least one visible entity. Area fields that name an entity
 * (`temperature_entity_id`, `humidity_entity_id`) are blanked unless that entity is visible too.
 */
export function scopedAreas(mirror: HaMirror, visible: ReadonlySet<string>): HaArea[] {
  const areaIds = new Set<string>();
  for (const entityId of visible) {
    const areaId = mirror.areaOf(entityId);
    if (areaId !== null) areaIds.add(areaId);
  }
  return mirror
    .areas()
    .filter((area) => areaIds.has(area.area_id))
    .map((area) => {
      const out: HaArea = { ...area };
      for (const key in out) {
        const value = out[key];
        if (key.endsWith("_entity_id") && typeof value === "string" && !visible.has(value)) out[key] = null;
      }
      return out;
    });
}

/**
 * Device registry fields a device gets. The rest describe the network and integrations behind it
 * (`connections` = MAC/IP addresses, `identifiers`, `configuration_url` = a device's own admin
 * page, config entries), which a scoped device has no use for.
 */
const DEVICE_FIELDS = [
  "id",
  "area_id",
  "name",
  "name_by_user",
  "manufacturer",
  "model",
  "model_id",
  "sw_version",
  "hw_version",
  "entry_type",
  "disabled_by",
  "labels",
  "created_at",
  "modified_at",
] as const;

/** Devices with at least one visible entity; `via_device_id` only when that device is listed too. */
export function scopedDevices(mirror: HaMirror, visible: ReadonlySet<string>): Record<string, unknown>[] {
  const deviceIds = new Set<string>();
  for (const entityId of visible) {
    const deviceId = mirror.deviceOf(entityId);
    if (deviceId !== null) deviceIds.add(deviceId);
  }
  return mirror
    .devices()
    .filter((device) => deviceIds.has(device.id))
    .map((device: HaDevice) => {
      const out: Record<string, unknown> = {};
      for (const field of DEVICE_FIELDS) if (device[field] !== undefined) out[field] = device[field];
      const via = device.via_device_id;
      out.via_device_id = typeof via === "string" && deviceIds.has(via) ? via : null;
      return out;
    });
}

/** HA's `EntityCategory` → the index `list_for_display` sends as `ec`. */
const ENTITY_CATEGORY_INDEX: Record<string, number> = { config: 0, diagnostic: 1 };

function displayPrecision(entry: HaEntityEntry): unknown {
  const sensor = (entry.options as { sensor?: Record<string, unknown> } | undefined)?.sensor;
  if (!entry.entity_id.startsWith("sensor.") || sensor === undefined) return undefined;
  return sensor.display_precision ?? sensor.suggested_display_precision ?? undefined;
}

/** One entry in HA core's compact form (`entity_registry.RegistryEntry.display_json_repr`). */
function displayEntry(entry: HaEntityEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { ei: entry.entity_id, pl: entry.platform };
  const optional: Array<[string, unknown]> = [
    ["ai", entry.area_id],
    ["lb", entry.labels],
    ["di", entry.device_id],
    ["ic", entry.icon],
    ["tk", entry.translation_key],
  ];
  for (const [key, value] of optional) if (value !== null && value !== undefined) out[key] = value;
  const category = entry.entity_category;
  if (typeof category === "string" && category in ENTITY_CATEGORY_INDEX)
    out.ec = ENTITY_CATEGORY_INDEX[category];
  if (entry.hidden_by !== null && entry.hidden_by !== undefined) out.hb = true;
  if (entry.has_entity_name === true) out.hn = true;
  const name = entry.name ?? entry.original_name;
  if (name !== null && name !== undefined) out.en = name;
  const precision = displayPrecision(entry);
  if (precision !== undefined && precision !== null) out.dp = precision;
  return out;
}

/** `config/entity_registry/list_for_display`: enabled, visible entities only. */
export function entityDisplayList(mirror: HaMirror, visible: ReadonlySet<string>) {
  return {
    entity_categories: { 0: "config", 1: "diagnostic" },
    entities: mirror
      .entityEntries()
      .filter((entry) => (entry.disabled_by ?? null) === null && visible.has(entry.entity_id))
      .map(displayEntry),
  };
}
