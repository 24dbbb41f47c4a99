import type { DeviceEntry, DisplayEntry, Entity } from "./types.js";

/**
 * Names as HA's frontend computes them.
 * - A tile's name is the state's friendly_name: hui-tile-card.ts asks `hass.formatEntityName(stateObj,
 *   config.name)`, which without a name config is `computeStateName` (compute_entity_name_display.ts).
 * - Without a friendly_name HA shows the object id with spaces (compute_state_name.ts); before that we
 *   try the registry (compute_entity_name.ts `computeEntityEntryName`: the entity's own name with its
 *   device's name in front, as HA core builds friendly_name for `has_entity_name` entities).
 * - Inside an area section the area's name is stripped from the front, as the area strategy does for
 *   its tiles (strategies/areas/helpers/areas-strategy-helper.ts `computeAreaTileCardConfig`).
 */

const SUFFIXES = [" ", ": ", " - "];
const hasUpperCase = (text: string): boolean => text.toLowerCase() !== text;

/** strip_prefix_from_entity_name.ts: undefined when the name does not start with the prefix. */
export function stripPrefixFromEntityName(entityName: string, prefix: string): string | undefined {
  const lowerName = entityName.toLowerCase();
  const lowerPrefix = prefix.toLowerCase();
  for (const suffix of SUFFIXES) {
    const start = `${lowerPrefix}${suffix}`;
    if (!lowerName.startsWith(start)) continue;
    const rest = entityName.substring(start.length);
    if (rest.length === 0) continue;
    const firstWord = rest.indexOf(" ") === -1 ? "" : rest.substring(0, rest.indexOf(" "));
    return hasUpperCase(firstWord) ? rest : rest[0].toUpperCase() + rest.slice(1);
  }
  return undefined;
}

/** compute_device_name.ts */
export const computeDeviceName = (device: DeviceEntry): string | undefined =>
  (device.name_by_user || device.name)?.trim() || undefined;

/** compute_entity_name.ts `computeEntityEntryName`: the entity part of the name, without the device's. */
export function computeEntityEntryName(
  entry: DisplayEntry,
  devices: Record<string, DeviceEntry>,
): string | undefined {
  const name = entry.en || undefined;
  const device = entry.di ? devices[entry.di] : undefined;
  if (!device) return name;
  const deviceName = computeDeviceName(device);
  if (deviceName === name) return undefined;
  if (deviceName && name) return stripPrefixFromEntityName(name, deviceName) || name;
  return name;
}

const objectIdName = (entityId: string): string =>
  entityId.slice(entityId.indexOf(".") + 1).replace(/_/g, " ");

/** The entity's full name: what every accessible name and the tile's group label use. */
export function entityName(
  state: Entity,
  entry: DisplayEntry | undefined,
  devices: Record<string, DeviceEntry>,
): string {
  const friendly = state.attributes.friendly_name;
  if (friendly !== undefined && friendly !== null) return String(friendly);
  if (entry) {
    const device = entry.di ? devices[entry.di] : undefined;
    const parts = [device ? computeDeviceName(device) : undefined, computeEntityEntryName(entry, devices)];
    const joined = parts.filter((part) => part).join(" ");
    if (joined) return joined;
  }
  return objectIdName(state.entity_id);
}

/** The name shown on the tile inside an area section. */
export const tileTitle = (name: string, areaName: string | undefined): string =>
  (areaName && stripPrefixFromEntityName(name, areaName)) || name;
