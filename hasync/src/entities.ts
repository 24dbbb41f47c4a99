import { z } from "zod";

/**
 * Home Assistant states as a device receives them: full JSON from `GET /api/states`, and the
 * compressed `subscribe_entities` events (HA core `websocket_api/messages.py` `compressed_state`
 * and `_state_diff`), expanded here the way home-assistant-js-websocket `entities.ts` does.
 */

export const EntityContextSchema = z.looseObject({
  id: z.string(),
  parent_id: z.string().nullable(),
  user_id: z.string().nullable(),
});
export type EntityContext = z.infer<typeof EntityContextSchema>;

/** One entity's state in HA's own JSON (unknown extra fields, such as `last_reported`, are kept). */
export const EntityStateSchema = z.looseObject({
  entity_id: z.string(),
  state: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  last_changed: z.string(),
  last_updated: z.string(),
  context: EntityContextSchema,
});
export type EntityState = z.infer<typeof EntityStateSchema>;

export const EntityStateListSchema = z.array(EntityStateSchema);

/** What one `subscribe_entities` event did to one entity: added (before null), changed, removed (after null). */
export interface EntityChange {
  entity_id: string;
  before: EntityState | null;
  after: EntityState | null;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Float seconds → ISO, truncated to the millisecond like `Date.parse` of HA's microsecond ISO
 * string (what `GET /api/states` shows). Rounding to whole microseconds first guards the
 * truncation against float error.
 */
const isoFromSeconds = (seconds: unknown): string | null =>
  typeof seconds === "number" && Number.isFinite(seconds)
    ? new Date(Math.floor(Math.round(seconds * 1e6) / 1000)).toISOString()
    : null;

/** `c` is a bare context id when parent_id and user_id are null, else a (partial) context object. */
function contextOf(c: unknown, previous: EntityContext | null): EntityContext {
  const base: EntityContext = previous ?? { id: "", parent_id: null, user_id: null };
  if (typeof c === "string") return { ...base, id: c };
  if (!isRecord(c)) return base;
  const text = (value: unknown, fallback: string | null) =>
    typeof value === "string" || value === null ? value : fallback;
  return {
    id: typeof c.id === "string" ? c.id : base.id,
    parent_id: "parent_id" in c ? text(c.parent_id, base.parent_id) : base.parent_id,
    user_id: "user_id" in c ? text(c.user_id, base.user_id) : base.user_id,
  };
}

/** A full state from an `a` entry `{s, a, c, lc[, lu]}`; null when malformed. */
export function expandState(entityId: string, compressed: unknown): EntityState | null {
  if (!isRecord(compressed) || typeof compressed.s !== "string") return null;
  const lastChanged = isoFromSeconds(compressed.lc);
  if (lastChanged === null) return null;
  return {
    entity_id: entityId,
    state: compressed.s,
    attributes: isRecord(compressed.a) ? { ...compressed.a } : {},
    last_changed: lastChanged,
    last_updated: isoFromSeconds(compressed.lu) ?? lastChanged,
    context: contextOf(compressed.c, null),
  };
}

/**
 * Applies a `c` entry `{"+": {s?, a?, c?, lc? | lu?}, "-": {a: [removed attributes]}}` to a state,
 * returning a new object (the old one stays valid as `before`). A new `lc` moves both timestamps:
 * HA sends `lu` only when last_changed stayed. Null when the diff is malformed.
 */
export function applyDiff(old: EntityState, diff: unknown): EntityState | null {
  if (!isRecord(diff)) return null;
  const add = isRecord(diff["+"]) ? diff["+"] : {};
  const minus = diff["-"];
  const removed = isRecord(minus) && Array.isArray(minus.a) ? minus.a : [];
  const next: EntityState = { ...old };
  if (typeof add.s === "string") next.state = add.s;
  if (add.c !== undefined) next.context = contextOf(add.c, old.context);
  const lc = isoFromSeconds(add.lc);
  const lu = isoFromSeconds(add.lu);
  if (lc !== null) {
    next.last_changed = lc;
    next.last_updated = lc;
  } else if (lu !== null) {
    next.last_updated = lu;
  }
  if (isRecord(add.a) || removed.length > 0) {
    const attributes = { ...old.attributes, ...(isRecord(add.a) ? add.a : {}) };
    for (const key of removed) if (typeof key === "string") delete attributes[key];
    next.attributes = attributes;
  }
  return next;
}

/**
 * Applies one `subscribe_entities` event (`a` adds, `r` removes, `c` changes, in the order
 * home-assistant-js-websocket applies them) to `states` and returns what changed. Malformed entries
 * and diffs for unknown entities are skipped: one bad entity must not end a device's view.
 */
export function applyEntitiesEvent(states: Map<string, EntityState>, event: unknown): EntityChange[] {
  if (!isRecord(event)) return [];
  const changes: EntityChange[] = [];
  if (isRecord(event.a)) {
    for (const [id, compressed] of Object.entries(event.a)) {
      const after = expandState(id, compressed);
      if (after === null) continue;
      changes.push({ entity_id: id, before: states.get(id) ?? null, after });
      states.set(id, after);
    }
  }
  if (Array.isArray(event.r)) {
    for (const id of event.r) {
      const before = typeof id === "string" ? states.get(id) : undefined;
      if (typeof id !== "string" || before === undefined) continue;
      states.delete(id);
      changes.push({ entity_id: id, before, after: null });
    }
  }
  if (isRecord(event.c)) {
    for (const [id, diff] of Object.entries(event.c)) {
      const before = states.get(id);
      const after = before === undefined ? null : applyDiff(before, diff);
      if (before === undefined || after === null) continue;
      states.set(id, after);
      changes.push({ entity_id: id, before, after });
    }
  }
  return changes;
}
