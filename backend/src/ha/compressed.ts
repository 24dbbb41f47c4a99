import { applyDiff as applyEntityDiff, type EntityState, expandState as expandEntityState } from "hasync";
import type { HaContext, HaState } from "./types.js";

/**
 * `subscribe_entities` speaks compressed states (HA core `websocket_api/messages.py`
 * `compressed_state` and `_state_diff`). The one implementation that turns them back into full
 * states, the way home-assistant-js-websocket `entities.ts` does, lives in the hasync package
 * (devices use it too); the mirror uses it through these typed wrappers. States are never
 * mutated: a consumer may still hold the old object as `StateChange.oldState`.
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

/** A full state from an `a` entry; null when the entry is malformed (it is then skipped). */
export const expandState = (entityId: string, compressed: unknown): HaState | null =>
  expandEntityState(entityId, compressed) as HaState | null;

/**
 * Applies one `c` entry. A new `lc` moves both timestamps (HA sends `lu` only when last_changed
 * stayed); a string `c` replaces only the context id. Null when the diff is malformed.
 */
export const applyDiff = (old: HaState, diff: unknown): HaState | null =>
  applyEntityDiff(old as EntityState, diff) as HaState | null;

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
