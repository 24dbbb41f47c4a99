import type { SimContext, SimState } from "./types.js";

/**
 * `subscribe_entities` payloads, byte-compatible with HA core's `as_compressed_state` and
 * `_state_diff` (websocket_api/messages.py), which home-assistant-js-websocket `entities.ts` decodes:
 * `{"a":{id:{s,a,c,lc[,lu]}}}` for new entities, `{"c":{id:{"+":{...},"-":{"a":[...]}}}}` for
 * changes, `{"r":[id]}` for removals. Timestamps are float seconds.
 */

/** A state plus its timestamps as numbers, so diffs and compression never re-parse ISO strings. */
export interface StoredState {
  readonly wire: SimState;
  /** last_changed / last_updated in float seconds. */
  readonly lc: number;
  readonly lu: number;
  /** JSON of `wire`, computed once: get_states and every state_changed event reuse it. */
  json?: string;
}

export function stateJson(stored: StoredState): string {
  stored.json ??= JSON.stringify(stored.wire);
  return stored.json;
}

function compressedContext(context: SimContext): string | SimContext {
  return context.parent_id === null && context.user_id === null ? context.id : context;
}

export function compressState(stored: StoredState): Record<string, unknown> {
  const out: Record<string, unknown> = {
    s: stored.wire.state,
    a: stored.wire.attributes,
    c: compressedContext(stored.wire.context),
    lc: stored.lc,
  };
  if (stored.lu !== stored.lc) out.lu = stored.lu;
  return out;
}

function contextDiff(before: SimContext, after: SimContext): string | Record<string, unknown> | undefined {
  const diff: Record<string, unknown> = {};
  if (before.parent_id !== after.parent_id) diff.parent_id = after.parent_id;
  if (before.user_id !== after.user_id) diff.user_id = after.user_id;
  if (before.id !== after.id) {
    if (Object.keys(diff).length === 0) return after.id;
    diff.id = after.id;
  }
  return Object.keys(diff).length === 0 ? undefined : diff;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffState(before: StoredState, after: StoredState): Record<string, unknown> {
  const additions: Record<string, unknown> = {};
  const diff: Record<string, unknown> = { "+": additions };
  if (before.wire.state !== after.wire.state) additions.s = after.wire.state;
  if (before.lc !== after.lc) additions.lc = after.lc;
  else if (before.lu !== after.lu) additions.lu = after.lu;
  const context = contextDiff(before.wire.context, after.wire.context);
  if (context !== undefined) additions.c = context;
  const oldAttrs = before.wire.attributes;
  const newAttrs = after.wire.attributes;
  if (oldAttrs !== newAttrs) {
    const changed: Record<string, unknown> = {};
    let any = false;
    for (const [key, value] of Object.entries(newAttrs)) {
      if (!(key in oldAttrs) || !sameValue(oldAttrs[key], value)) {
        changed[key] = value;
        any = true;
      }
    }
    if (any) additions.a = changed;
    const removed = Object.keys(oldAttrs).filter((key) => !(key in newAttrs));
    if (removed.length > 0) diff["-"] = { a: removed };
  }
  return diff;
}

/** The one `subscribe_entities` event payload describing a single state change. */
export function entitiesPayload(
  entityId: string,
  before: StoredState | null,
  after: StoredState | null,
): string {
  if (after === null) return JSON.stringify({ r: [entityId] });
  if (before === null) return JSON.stringify({ a: { [entityId]: compressState(after) } });
  return JSON.stringify({ c: { [entityId]: diffState(before, after) } });
}
