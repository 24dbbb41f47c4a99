import type { HaArea, HaDevice, HaEntityEntry, HaFloor, HaLabel } from "../ha/types.js";
import { RegistryScope } from "./scope.js";

/**
 * One registry entry as a device may see it: HA's own fields (a whitelist, so a field a future
 * HA adds is left out until someone judges it), with every reference to an item outside the
 * device's scope nulled or dropped.
 */
type Entry = Record<string, unknown>;

function pick(source: Record<string, unknown>, fields: readonly string[]): Entry {
  const out: Entry = {};
  for (const field of fields) if (source[field] !== undefined) out[field] = source[field];
  return out;
}

/** `RegistryEntry.as_partial_dict` (homeassistant/helpers/entity_registry.py): `list` sends these. */
const ENTITY_FIELDS = [
  "area_id",
  "categories",
  "config_entry_id",
  "config_subentry_id",
  "created_at",
  "device_id",
  "disabled_by",
  "entity_category",
  "entity_id",
  "has_entity_name",
  "hidden_by",
  "icon",
  "id",
  "labels",
  "modified_at",
  "name",
  "options",
  "original_name",
  "platform",
  "translation_key",
  "unique_id",
] as const;

/** `RegistryEntry.extended_dict`: what `get` and `get_entries` add to the partial dict. */
const EXTENDED_FIELDS = [
  ...ENTITY_FIELDS,
  "aliases",
  "capabilities",
  "device_class",
  "original_device_class",
  "original_icon",
] as const;

/**
 * Entity option namespaces a device gets: how to show the entity (display precision, units,
 * a light's favourite colours). Left out: `lock` (holds `default_code`, the lock's PIN),
 * `conversation`, `cloud.*` and `homekit` (which voice assistants the admin exposes the entity
 * to: the admin's settings, not the entity's), and every integration's private namespace.
 */
const OPTION_NAMESPACES = ["sensor", "sensor.private", "number", "weather", "light"];

function displayOptions(options: unknown): Entry {
  if (typeof options !== "object" || options === null) return {};
  return pick(options as Entry, OPTION_NAMESPACES);
}

/**
 * An entity registry entry cut to the scope. Besides nulling `device_id`/`area_id` and dropping
 * labels the device cannot see:
 * - `config_entry_id`/`config_subentry_id` → null: they name an integration's config entry, which
 *   no command a device may send can read (config_entries/* is admin-only), so they only let a
 *   device correlate entries; HA itself sends null for entities without one.
 * - `unique_id` → the entry's registry `id`: integrations build unique ids from MAC addresses,
 *   Zigbee IEEE addresses and serial numbers (the network behind the entity, cut from devices'
 *   `connections`/`identifiers` for the same reason); the registry id is as stable and unique.
 * - `categories` → {}: categories file entities on the admin's settings pages, and the category
 *   registry is not the device's to list, so a category id would name something it cannot see.
 * - `options` → only the display namespaces above.
 */
export function scopedEntityEntry(entry: HaEntityEntry, scope: RegistryScope, extended = false): Entry {
  const out = pick(entry, extended ? EXTENDED_FIELDS : ENTITY_FIELDS);
  out.area_id = RegistryScope.keep(scope.areas, entry.area_id);
  out.device_id = RegistryScope.keep(scope.devices, entry.device_id);
  out.labels = scope.visibleLabels(entry.labels);
  if ("config_entry_id" in out) out.config_entry_id = null;
  if ("config_subentry_id" in out) out.config_subentry_id = null;
  if ("unique_id" in out) out.unique_id = typeof entry.id === "string" ? entry.id : entry.entity_id;
  if ("categories" in out) out.categories = {};
  if ("options" in out) out.options = displayOptions(entry.options);
  return out;
}

/**
 * Device registry fields a device gets (`DeviceEntry.dict_repr`, helpers/device_registry.py). Left
 * out: `connections` (MAC/IP addresses), `identifiers` and `serial_number` (the hardware behind
 * it), `configuration_url` (the device's own admin page on the LAN), and `config_entries`,
 * `config_entries_subentries`, `primary_config_entry` (config entries, as for entities above).
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

/** `via_device_id` (the hub it hangs off) only when that device is visible too. */
export function scopedDevice(device: HaDevice, scope: RegistryScope): Entry {
  const out = pick(device, DEVICE_FIELDS);
  out.area_id = RegistryScope.keep(scope.areas, device.area_id);
  out.labels = scope.visibleLabels(device.labels);
  out.via_device_id = RegistryScope.keep(scope.devices, device.via_device_id);
  return out;
}

/** `AreaEntry` as `config/area_registry/list` sends it (components/config/area_registry.py). */
const AREA_FIELDS = [
  "aliases",
  "area_id",
  "floor_id",
  "humidity_entity_id",
  "icon",
  "labels",
  "name",
  "picture",
  "temperature_entity_id",
  "created_at",
  "modified_at",
] as const;

/** The area's sensors (`temperature_entity_id`, `humidity_entity_id`) only when visible. */
export function scopedArea(area: HaArea, scope: RegistryScope): Entry {
  const out = pick(area, AREA_FIELDS);
  out.floor_id = RegistryScope.keep(scope.floors, area.floor_id);
  out.labels = scope.visibleLabels(area.labels);
  for (const key of ["humidity_entity_id", "temperature_entity_id"] as const) {
    if (key in out) out[key] = RegistryScope.keep(scope.entities, area[key]);
  }
  return out;
}

/** components/config/floor_registry.py `_entry_dict`: a floor names nothing else. */
const FLOOR_FIELDS = ["aliases", "created_at", "floor_id", "icon", "level", "modified_at", "name"] as const;
export const scopedFloor = (floor: HaFloor): Entry => pick(floor, FLOOR_FIELDS);

/** components/config/label_registry.py `_entry_dict`: a label names nothing else. */
const LABEL_FIELDS = [
  "color",
  "created_at",
  "description",
  "icon",
  "label_id",
  "name",
  "modified_at",
] as const;
export const scopedLabel = (label: HaLabel): Entry => pick(label, LABEL_FIELDS);
