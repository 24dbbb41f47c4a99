import type { HaContext, HaState } from "./types.js";

/**
 * `subscribe_entities` speaks compressed states (HA core `websocket_api/messages.py`
 * `compressed_state` and `_state_diff`); these pure functions turn them back into full `HaState`
 * objects the same way home-assistant-js-websocket `entities.ts` does. States are never mutated:
 * a consumer may still hold the old object as `StateChange.oldState`.
 */
export interface CompressedState {
  s: string;
  a?: Record<string, unknown>;
  /** A bare context id when parent_id and user_id are null, else the context object. */
  c?: string | Partial<HaContext>;
  /** Seconds since the epoch. */
  lc?: number;
  /** Present only when it differs from lc. */
  lu?: number;
}

export interface CompressedDiff {
  "+"?: Partial<CompressedState>;
  "-"?: { a?: string[] };
}

export interface EntitiesEvent {
  a?: Record<string, CompressedState>;
  c?: Record<string, CompressedDiff>;
  r?: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Float seconds → ISO, truncated to the millisecond like `Date.parse` of HA's microsecond ISO
 * string. Rounding to whole microseconds first guards the truncation against float error.
 */
function isoFromSeconds(seconds: unknown): string | null {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return null;
  return new Date(Math.floor(Math.round(seconds * 1e6) / 1000)).toISOString();
}

function contextOf(c: unknown, previous: HaContext | null): HaContext {
  const base: HaContext = previous ?? { id: "", parent_id: null, user_id: null };
  if (typeof c === "string") return { ...base, id: c };
  if (!isRecord(c)) return base;
  return {
    id: typeof c.id === "string" ? c.id : base.id,
    parent_id: "parent_id" in c ? ((c.parent_id as string | null) ?? null) : base.parent_id,
    user_id: "user_id" in c ? ((c.user_id as string | null) ?? null) : base.user_id,
  };
}

/** A full state from an `a` entry; null when the entry is malformed (it is then skipped). */
export function expandState(entityId: string, compressed: unknown): HaState | null {
  if (!isRecord(compressed) || typeof compressed.s !== "string") return null;
  const lastChanged = isoFromSeconds(compressed.lc);
  if (lastChanged === null) return null;
  return {
    entity_id: entityId,
    state: compressed.s,
    attributes: isRecord(compressed.a) ? compressed.a : {},
    last_changed: lastChanged,
    last_updated: isoFromSeconds(compressed.lu) ?? lastChanged,
    context: contextOf(compressed.c, null),
  };
}

/**
 * Applies one `c` entry. A new `lc` moves both timestamps (HA sends `lu` only when last_changed
 * stayed); a string `c` replaces only the context id. Null when the diff is malformed.
 */
export function applyDiff(old: HaState, diff: unknown): HaState | null {
  if (!isRecord(diff)) return null;
  const add = isRecord(diff["+"]) ? diff["+"] : {};
  const remove = isRecord(diff["-"]) && Array.isArray(diff["-"].a) ? diff["-"].a : [];
  const next: HaState = { ...old };
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
  if (isRecord(add.a) || remove.length > 0) {
    const attributes = { ...old.attributes, ...(isRecord(add.a) ? add.a : {}) };
    for (const key of remove) if (typeof key === "string") delete attributes[key];
    next.attributes = attributes;
  }
  return next;
}

/** True when two states differ in anything a consumer can see. */
export function stateDiffers(a: HaState, b: HaState): boolean {
  return (
    a.state !== b.state ||
    a.last_changed !== b.last_changed ||
    a.last_updated !== b.last_updated ||
    a.context.id !== b.context.id ||
    JSON.stringify(a.attributes) !== JSON.stringify(b.attributes)
  );
}

export function asEntitiesEvent(event: unknown): EntitiesEvent | null {
  if (!isRecord(event)) return null;
  const out: EntitiesEvent = {};
  if (isRecord(event.a)) out.a = event.a as EntitiesEvent["a"];
  if (isRecord(event.c)) out.c = event.c as EntitiesEvent["c"];
  if (Array.isArray(event.r)) out.r = event.r.filter((id): id is string => typeof id === "string");
  return out;
}
