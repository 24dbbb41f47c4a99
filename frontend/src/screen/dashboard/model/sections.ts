import type { AreaEntry, Registries } from "./types.js";
import { domainOf } from "./types.js";

/**
 * Sections by area in Home Assistant's order. HA's dashboards (strategies/home/home-overview-view-
 * strategy.ts, panels/light/strategies/light-view-strategy.ts) walk `getAreasFloorHierarchy`
 * (common/areas/areas-floor-hierarchy.ts): floors in registry order, each with its areas in
 * registry order, then the areas on no floor, then the entities in no area. Inside an area the
 * entities follow the area strategy's groups (strategies/areas/helpers/areas-strategy-helper.ts
 * `getAreaGroupedEntities`: lights, climate, covers, media players, security, actions, others, each
 * group's filters in turn); what no group lists (sensors, people, weather…) comes last. HA keeps
 * `hass.states` order inside a filter; we sort those by name so the order does not depend on the
 * order states arrived in.
 */

export interface Section {
  /** The area id, or OTHER_SECTION for the entities in no area. */
  id: string;
  title: string;
  entityIds: string[];
}

export interface FloorGroup {
  /** A floor id, "" for the areas on no floor. */
  id: string;
  /** Shown only when there is more than one group, as HA does (`floorCount > 1`). */
  title: string | null;
  sections: Section[];
}

export const OTHER_SECTION = "";

/** Rank of an entity inside its area: the index of the area strategy's filter that takes it. */
const GROUP_FILTERS: ReadonlyArray<readonly [string, ReadonlyArray<string> | null]> = [
  ["light", null],
  ["climate", null],
  ["humidifier", null],
  ["water_heater", null],
  ["fan", null],
  ["cover", null],
  ["binary_sensor", ["door", "garage_door", "window"]],
  ["media_player", null],
  ["alarm_control_panel", null],
  ["lock", null],
  ["camera", null],
  ["script scene", null],
  ["automation", null],
  ["vacuum", null],
  ["lawn_mower", null],
  ["valve", null],
  ["switch button input_boolean input_button", null],
  ["select number input_select input_number counter timer", null],
];

export function entityRank(entityId: string, deviceClass: unknown): number {
  const domain = domainOf(entityId);
  const index = GROUP_FILTERS.findIndex(
    ([domains, classes]) =>
      domains.split(" ").indexOf(domain) !== -1 &&
      (classes === null || classes.indexOf(String(deviceClass)) !== -1),
  );
  return index === -1 ? GROUP_FILTERS.length : index;
}

/** An entity's area: its own registry area, else its device's (HA's `getEntityContext`). */
export function entityAreaId(entityId: string, registries: Registries): string | undefined {
  const entry = registries.entities[entityId];
  if (!entry) return undefined;
  if (entry.ai) return entry.ai;
  const device = entry.di ? registries.devices[entry.di] : undefined;
  return device?.area_id ?? undefined;
}

export interface Placed {
  entityId: string;
  name: string;
  deviceClass: unknown;
}

/** Case-insensitive, then by id so equal names keep one order (HA's `caseInsensitiveStringCompare`). */
function compareEntities(a: Placed, b: Placed): number {
  const rank = entityRank(a.entityId, a.deviceClass) - entityRank(b.entityId, b.deviceClass);
  if (rank !== 0) return rank;
  const byName = a.name.localeCompare(b.name, undefined, { sensitivity: "accent" });
  return byName !== 0 ? byName : a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0;
}

function byArea(placed: Placed[], registries: Registries): Map<string, Placed[]> {
  const known = new Set(registries.areas.map((area) => area.area_id));
  const out = new Map<string, Placed[]>();
  for (const item of placed) {
    const areaId = entityAreaId(item.entityId, registries);
    const key = areaId !== undefined && known.has(areaId) ? areaId : OTHER_SECTION;
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

function areaSections(areas: AreaEntry[], grouped: Map<string, Placed[]>): Section[] {
  const sections: Section[] = [];
  for (const area of areas) {
    const items = grouped.get(area.area_id);
    if (!items) continue;
    sections.push({
      id: area.area_id,
      title: area.name,
      entityIds: items.sort(compareEntities).map((i) => i.entityId),
    });
  }
  return sections;
}

/** The dashboard's layout: floor groups of area sections, then "Other". Empty areas are left out. */
export function buildLayout(placed: Placed[], registries: Registries): FloorGroup[] {
  const grouped = byArea(placed, registries);
  const floorIds = new Set(registries.floors.map((floor) => floor.floor_id));
  const groups: FloorGroup[] = registries.floors.map((floor) => ({
    id: floor.floor_id,
    title: floor.name,
    sections: areaSections(
      registries.areas.filter((area) => area.floor_id === floor.floor_id),
      grouped,
    ),
  }));
  const loose = registries.areas.filter((area) => !area.floor_id || !floorIds.has(area.floor_id));
  const rest: Section[] = areaSections(loose, grouped);
  const other = grouped.get(OTHER_SECTION);
  if (other)
    rest.push({
      id: OTHER_SECTION,
      title: "Other",
      entityIds: other.sort(compareEntities).map((i) => i.entityId),
    });
  // HA heads the areas on no floor "Other areas" beside floors; the entities in no area have their own heading.
  groups.push({ id: "", title: rest.length > (other ? 1 : 0) ? "Other areas" : null, sections: rest });
  const shown = groups.filter((group) => group.sections.length > 0);
  if (shown.length === 1) shown[0] = { ...shown[0], title: null };
  return shown;
}
