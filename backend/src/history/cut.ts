import type { KnownEntities } from "../gateway/entity-references.js";
import { safeAttributes, scopedState } from "../gateway/wire-states.js";
import type { HaState } from "../ha/types.js";

/**
 * Recorded states as one device may see them: only entities in its scope, and their attributes cut
 * exactly as live states are (`gateway/wire-states.ts`: credentials sanitised, ids of entities
 * outside the scope removed from groups and references, camera pictures rewritten), so history
 * shows nothing `get_states` would not.
 */

export interface Viewer {
  /** The device's resolved scope, read when the answer arrives. */
  visible: ReadonlySet<string>;
  /** The mirror: is this id an entity HA has (for ids in free text and attributes)? */
  known: KnownEntities;
}

const NO_CONTEXT = { id: "", parent_id: null, user_id: null };

/** A recorded row's attributes through the same cut as a live state of that entity. */
export function cutAttributes(
  entityId: string,
  attributes: unknown,
  viewer: Viewer,
): Record<string, unknown> {
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) return {};
  const state: HaState = {
    entity_id: entityId,
    state: "",
    attributes: attributes as Record<string, unknown>,
    last_changed: "",
    last_updated: "",
    context: NO_CONTEXT,
  };
  return safeAttributes(scopedState(state, viewer.visible, viewer.known));
}

/**
 * `cutAttributes` for a run of rows of one entity: consecutive rows mostly carry the same
 * attributes (only the state moved), so the last cut is reused when the attributes are equal.
 */
export function attributeCutter(
  viewer: Viewer,
): (entityId: string, attributes: unknown) => Record<string, unknown> {
  let lastKey = "";
  let lastCut: Record<string, unknown> = {};
  return (entityId, attributes) => {
    const key = `${entityId} ${JSON.stringify(attributes)}`;
    if (key !== lastKey) {
      lastCut = cutAttributes(entityId, attributes, viewer);
      lastKey = key;
    }
    return lastCut;
  };
}

type Rows = Record<string, unknown>[];

/** `{entity_id: [{s, a?, lu, lc?}]}` (history WebSocket answers and stream messages), cut. */
export function cutCompressedStates(
  states: unknown,
  wanted: ReadonlySet<string>,
  viewer: Viewer,
): Record<string, Rows> {
  const out: Record<string, Rows> = {};
  if (typeof states !== "object" || states === null) return out;
  for (const [entityId, rows] of Object.entries(states)) {
    if (!wanted.has(entityId) || !viewer.visible.has(entityId) || !Array.isArray(rows)) continue;
    out[entityId] = rows
      .filter((row): row is Record<string, unknown> => typeof row === "object" && row !== null)
      .map((row) => ("a" in row ? { ...row, a: cutAttributes(entityId, row.a, viewer) } : row));
  }
  return out;
}

/**
 * One REST history row (`State.as_dict`, or `{state, last_changed}` inside a minimal response)
 * of the entity whose list it is in; null when it names another entity the device may not see.
 */
export function cutFullRow(
  row: unknown,
  entityId: string,
  viewer: Viewer,
  cut: (entityId: string, attributes: unknown) => Record<string, unknown> = (id, attributes) =>
    cutAttributes(id, attributes, viewer),
): Record<string, unknown> | null {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return null;
  const record = row as Record<string, unknown>;
  const own = typeof record.entity_id === "string" ? record.entity_id : entityId;
  if (own !== entityId || !viewer.visible.has(own)) return null;
  return "attributes" in record ? { ...record, attributes: cut(own, record.attributes) } : record;
}

/** Statistics are named by entity id; external ones (`domain:name`) name no entity and never pass. */
export function cutStatistics(result: unknown, visible: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof result !== "object" || result === null) return out;
  for (const [id, rows] of Object.entries(result)) if (visible.has(id)) out[id] = rows;
  return out;
}

/** `list_statistic_ids` / `get_statistics_metadata` rows of visible entities only. */
export function cutStatisticIds(result: unknown, visible: ReadonlySet<string>): unknown[] {
  if (!Array.isArray(result)) return [];
  return result.filter((row) => {
    const id = (row as { statistic_id?: unknown } | null)?.statistic_id;
    return typeof id === "string" && visible.has(id);
  });
}
