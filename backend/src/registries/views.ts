import type { HaMirror } from "../ha/types.js";
import { scopedArea, scopedDevice, scopedEntityEntry, scopedFloor, scopedLabel } from "./entries.js";
import { RegistryScope } from "./scope.js";

/**
 * HA's registry lists as one device may see them: only items of its scope (see RegistryScope),
 * each entry cut by entries.ts. Read live from the mirror, so the next answer shows a change.
 */
export type Entry = Record<string, unknown>;

/** The five registries cut to the scope, keyed by id: what registry events are diffed against. */
export interface ScopedRegistries {
  entity: Map<string, Entry>;
  device: Map<string, Entry>;
  area: Map<string, Entry>;
  floor: Map<string, Entry>;
  label: Map<string, Entry>;
  /** What the device could see when these were cut. */
  scope: RegistryScope;
}

export function entityEntries(mirror: HaMirror, scope: RegistryScope): Entry[] {
  return mirror
    .entityEntries()
    .filter((entry) => scope.entities.has(entry.entity_id))
    .map((entry) => scopedEntityEntry(entry, scope));
}

export const deviceEntries = (mirror: HaMirror, scope: RegistryScope): Entry[] =>
  mirror
    .devices()
    .filter((device) => scope.devices.has(device.id))
    .map((device) => scopedDevice(device, scope));

export const areaEntries = (mirror: HaMirror, scope: RegistryScope): Entry[] =>
  mirror
    .areas()
    .filter((area) => scope.areas.has(area.area_id))
    .map((area) => scopedArea(area, scope));

export const floorEntries = (mirror: HaMirror, scope: RegistryScope): Entry[] =>
  mirror
    .floors()
    .filter((floor) => scope.floors.has(floor.floor_id))
    .map(scopedFloor);

export const labelEntries = (mirror: HaMirror, scope: RegistryScope): Entry[] =>
  mirror
    .labels()
    .filter((label) => scope.labels.has(label.label_id))
    .map(scopedLabel);

const byKey = (entries: Entry[], key: (entry: Entry) => unknown) =>
  new Map(entries.map((entry) => [String(key(entry)), entry]));

export function scopedRegistries(mirror: HaMirror, visible: ReadonlySet<string>): ScopedRegistries {
  const scope = new RegistryScope(mirror, visible);
  return {
    // Keyed by the registry's own id, so a renamed entity is one entry (HA's `old_entity_id`).
    entity: byKey(entityEntries(mirror, scope), (entry) => entry.id ?? entry.entity_id),
    device: byKey(deviceEntries(mirror, scope), (entry) => entry.id),
    area: byKey(areaEntries(mirror, scope), (entry) => entry.area_id),
    floor: byKey(floorEntries(mirror, scope), (entry) => entry.floor_id),
    label: byKey(labelEntries(mirror, scope), (entry) => entry.label_id),
    scope,
  };
}

/** HA's `EntityCategory` → the index `list_for_display` sends as `ec`. */
const ENTITY_CATEGORY_INDEX: Record<string, number> = { config: 0, diagnostic: 1 };

function displayPrecision(entry: Entry): unknown {
  const sensor = (entry.options as { sensor?: Entry } | undefined)?.sensor;
  if (!(entry.entity_id as string).startsWith("sensor.") || sensor === undefined) return undefined;
  return sensor.display_precision ?? sensor.suggested_display_precision ?? undefined;
}

/**
 * One entry in HA core's compact form (`RegistryEntry._as_display_dict`, helpers/entity_registry.py),
 * made from the entry already cut to the scope.
 */
function displayEntry(entry: Entry): Entry {
  const out: Entry = { ei: entry.entity_id, pl: entry.platform };
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

/** `config/entity_registry/list_for_display` (components/config/entity_registry.py): enabled entries only. */
export function entityDisplayList(mirror: HaMirror, scope: RegistryScope) {
  return {
    entity_categories: { 0: "config", 1: "diagnostic" },
    entities: entityEntries(mirror, scope)
      .filter((entry) => (entry.disabled_by ?? null) === null)
      .map(displayEntry),
  };
}
