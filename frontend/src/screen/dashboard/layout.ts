import type { HassEntities } from "home-assistant-js-websocket";
import { entityName, tileTitle } from "./model/names.js";
import { buildLayout, type FloorGroup, OTHER_SECTION, type Placed } from "./model/sections.js";
import type { Registries } from "./model/types.js";

/** The dashboard's layout with every tile's name and title, and what it was computed from. */
export interface Layout {
  groups: FloorGroup[];
  names: Record<string, string>;
  titles: Record<string, string>;
  registries: Registries;
  entities: HassEntities;
}

/**
 * Whether `entities` can keep `previous`'s layout: the same entity ids, and every state that
 * changed kept the two attributes the layout reads (friendly_name for names and order,
 * device_class for the order inside an area). The usual update — a few states changing value —
 * costs one identity check per entity, not a rebuild.
 */
function unchanged(previous: Layout, entities: HassEntities, registries: Registries): boolean {
  if (previous.registries !== registries) return false;
  const ids = Object.keys(entities);
  if (ids.length !== Object.keys(previous.entities).length) return false;
  for (const id of ids) {
    const state = entities[id];
    const before = previous.entities[id];
    if (before === undefined) return false;
    if (state === before) continue;
    if (state.attributes.friendly_name !== before.attributes.friendly_name) return false;
    if (state.attributes.device_class !== before.attributes.device_class) return false;
  }
  return true;
}

function rebuild(entities: HassEntities, registries: Registries): Layout {
  const names: Record<string, string> = {};
  const placed: Placed[] = [];
  for (const id of Object.keys(entities)) {
    const state = entities[id];
    names[id] = entityName(state, registries.entities[id], registries.devices);
    placed.push({ entityId: id, name: names[id], deviceClass: state.attributes.device_class });
  }
  const groups = buildLayout(placed, registries);
  const titles: Record<string, string> = {};
  for (const group of groups) {
    for (const section of group.sections) {
      const areaName = section.id === OTHER_SECTION ? undefined : section.title;
      for (const id of section.entityIds) titles[id] = tileTitle(names[id], areaName);
    }
  }
  return { groups, names, titles, registries, entities };
}

export function nextLayout(previous: Layout | null, entities: HassEntities, registries: Registries): Layout {
  if (previous && unchanged(previous, entities, registries)) {
    return previous.entities === entities ? previous : { ...previous, entities };
  }
  return rebuild(entities, registries);
}
