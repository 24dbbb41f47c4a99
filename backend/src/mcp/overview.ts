import type { HaMirror, HaState } from "../ha/types.js";
import { type AgentScope, MAY } from "./scope-view.js";

/** One entity as the tools describe it to a language model. */
export interface EntityLine {
  entity_id: string;
  name: string;
  domain: string;
  /** The state with its unit ("21.5 °C"), as HA's interface shows it. */
  state: string;
  may: string;
}

export interface AreaBlock {
  area_id: string | null;
  name: string;
  floor: string | null;
  entities: EntityLine[];
}

export const domainOf = (entityId: string): string => entityId.slice(0, entityId.indexOf("."));

/** HA's friendly name (helpers/entity.py `Entity.name` ends up as the `friendly_name` attribute). */
export function nameOf(state: HaState | undefined, entityId: string): string {
  const name = state?.attributes.friendly_name;
  return typeof name === "string" && name !== "" ? name : entityId;
}

export function unitOf(state: HaState | undefined): string {
  const unit = state?.attributes.unit_of_measurement;
  return typeof unit === "string" ? unit : "";
}

export function stateText(state: HaState | undefined): string {
  if (state === undefined) return "unknown";
  const unit = unitOf(state);
  return unit === "" ? state.state : `${state.state} ${unit}`;
}

export function entityLine(scope: AgentScope, entityId: string): EntityLine | null {
  const access = scope.access(entityId);
  if (access === null) return null;
  const state = scope.state(entityId);
  return {
    entity_id: entityId,
    name: nameOf(state, entityId),
    domain: domainOf(entityId),
    state: stateText(state),
    may: MAY[access],
  };
}

/**
 * Areas in HA's order: floors as the floor registry lists them (the order the admin set in HA's
 * area settings, helpers/floor_registry.py), each floor's areas in the area registry's order,
 * areas on no floor after them, and entities in no area last, as HA's areas dashboard groups
 * them (frontend `src/panels/lovelace/strategies/areas`). Only areas with something in the
 * scope are listed.
 */
export function homeOverview(scope: AgentScope, mirror: HaMirror): AreaBlock[] {
  const byArea = new Map<string | null, EntityLine[]>();
  for (const id of [...scope.visible].sort()) {
    const line = entityLine(scope, id);
    if (line === null) continue;
    const area = mirror.areaOf(id);
    byArea.set(area, [...(byArea.get(area) ?? []), line]);
  }
  const floors = mirror.floors();
  const floorRank = new Map(floors.map((floor, index) => [floor.floor_id, index]));
  const floorName = new Map(floors.map((floor) => [floor.floor_id, floor.name]));
  const rank = (floorId: string | null | undefined) => floorRank.get(floorId ?? "") ?? floors.length;
  const areas = mirror
    .areas()
    .map((area, index) => ({ area, index }))
    .sort((a, b) => rank(a.area.floor_id) - rank(b.area.floor_id) || a.index - b.index);
  const blocks: AreaBlock[] = [];
  for (const { area } of areas) {
    const entities = byArea.get(area.area_id);
    if (entities === undefined) continue;
    const floor = area.floor_id ? (floorName.get(area.floor_id) ?? null) : null;
    blocks.push({ area_id: area.area_id, name: area.name, floor, entities });
    byArea.delete(area.area_id);
  }
  const rest = [...byArea.values()].flat();
  if (rest.length > 0) blocks.push({ area_id: null, name: "No area", floor: null, entities: rest });
  return blocks;
}

/** The area (and floor) an entity is in, by name. */
export function placeOf(mirror: HaMirror, entityId: string): { area: string | null; floor: string | null } {
  const areaId = mirror.areaOf(entityId);
  const area = areaId === null ? undefined : mirror.areas().find((a) => a.area_id === areaId);
  if (area === undefined) return { area: null, floor: null };
  const floor = mirror.floors().find((f) => f.floor_id === area.floor_id);
  return { area: area.name, floor: floor?.name ?? null };
}
