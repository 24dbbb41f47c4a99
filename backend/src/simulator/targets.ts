import type { HomeStore } from "./store.js";
import type { Targets } from "./validate.js";

/**
 * HA's target resolution (helpers/target.py `async_extract_referenced_entity_ids`): explicit
 * entity ids with groups expanded to their members; devices, areas, floors and labels expand to
 * their entities, where an entity's own area overrides its device's and hidden entities are left
 * out, config/diagnostic ones too unless labelled themselves. Only entities that currently have a
 * state are returned, like HA's "missing entities" warning.
 */
export function resolveTargets(store: HomeStore, targets: Targets, domain: string | null): string[] {
  const found = new Set<string>();
  const inDomain = (id: string) => domain === null || id.startsWith(`${domain}.`);
  const explicit = targets.entity_id ?? [];
  if (explicit[0] === "all") {
    for (const s of store.allStates()) if (inDomain(s.wire.entity_id)) found.add(s.wire.entity_id);
  } else {
    for (const id of expandGroups(store, explicit))
      if (id !== "none" && inDomain(id) && store.getState(id)) found.add(id);
  }
  const areas = new Set(targets.area_id ?? []);
  for (const floor of targets.floor_id ?? []) {
    for (const area of store.areas) if (area.floor_id === floor) areas.add(area.area_id);
  }
  const labels = new Set(targets.label_id ?? []);
  for (const area of store.areas) if (area.labels.some((l) => labels.has(l))) areas.add(area.area_id);
  const devices = new Set(targets.device_id ?? []);
  for (const device of store.deviceList())
    if (device.labels.some((l) => labels.has(l))) devices.add(device.id);
  if (areas.size === 0 && devices.size === 0 && labels.size === 0) return [...found];
  for (const entry of store.entryList()) {
    const id = entry.entity_id;
    if (!inDomain(id) || !store.getState(id)) continue;
    if (entry.hidden_by !== null) continue;
    if (entry.labels.some((l) => labels.has(l))) found.add(id);
    if (entry.entity_category !== null) continue;
    if (entry.device_id && devices.has(entry.device_id)) found.add(id);
    const area = store.areaOf(id);
    if (area && areas.has(area)) found.add(id);
  }
  return [...found];
}

/**
 * HA's `helpers/group.py expand_entity_ids`: a named group (`group.*`, or a light/switch/... group,
 * whose members are its `entity_id` attribute) is replaced by its members, recursively, each once.
 * A scene lists the entities it sets but is no group: it stays.
 */
function expandGroups(store: HomeStore, ids: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const members = store.getState(id)?.wire.attributes.entity_id;
    if (id.startsWith("scene.") || !Array.isArray(members)) {
      out.push(id);
      return;
    }
    for (const member of members) if (typeof member === "string") visit(member.toLowerCase());
  };
  for (const id of ids) visit(id);
  return out;
}
