import { proxiedCamera, withDevicePicture } from "../cameras/pictures.js";
import { sanitizeAttributes } from "../ha/sanitize.js";
import type { HaContext, HaState } from "../ha/types.js";
import { contextFor } from "./contexts.js";
import {
  findReferences,
  hiddenIds,
  type KnownEntities,
  type References,
  withoutIds,
} from "./entity-references.js";

/**
 * States as devices receive them: always sanitised (no credentials, see `ha/sanitize.ts`), cut to
 * the device's scope where attributes name other entities (see `entity-references.ts`), as HA's
 * full JSON (`get_states`, `state_changed`) or in the compressed `subscribe_entities` format (HA
 * core `websocket_api/messages.py` `_state_diff` and `compressed_state`, decoded by
 * home-assistant-js-websocket `entities.ts`). A camera's picture is HAsync's, signed for the device
 * whose scope it is cut to (`cameras/pictures.ts`), never HA's tokenised URL. A context's
 * `user_id` is the device's own for its own calls, kept when a person in the scope has it, and
 * `null` otherwise (`contexts.ts`).
 *
 * The mirror never mutates a state object, so each one's serialisations are cached per object:
 * 200 devices asking for the same states pay for one sanitise + stringify, and the cache goes
 * with the state when the mirror drops it.
 */

interface Cached {
  attributes: Record<string, unknown>;
  /** The other entities the attributes name; null for most states. */
  references: References | null;
  /** A camera whose picture HA proxies: each device gets its own signed URL. */
  camera: boolean;
  /** A copy `scopedState` made: its context is cut already. */
  contextCut?: true;
  /** The state with its context's user removed, shared by every device that may not see it. */
  anonymous?: HaState;
  full?: string;
  compressed?: Record<string, unknown>;
}

const cache = new WeakMap<HaState, Cached>();

function cached(state: HaState): Cached {
  let entry = cache.get(state);
  if (entry === undefined) {
    const attributes = sanitizeAttributes(state.attributes);
    entry = {
      attributes,
      references: findReferences(state.entity_id, attributes),
      camera: proxiedCamera(state),
    };
    cache.set(state, entry);
  }
  return entry;
}

/**
 * True when the state's attributes may name other entities, so what a device sees of it can
 * depend on its scope.
 */
export const hasReferences = (state: HaState): boolean => cached(state).references !== null;

/**
 * True when devices may see the state differently: it names other entities, it is a camera, or
 * its context names a user (most contexts name none: integrations, automations, HA itself).
 */
export function variesByDevice(state: HaState): boolean {
  const entry = cached(state);
  return entry.references !== null || entry.camera || (state.context.user_id !== null && !entry.contextCut);
}

/** True when the state's attributes name one of `ids`. */
export function referencesAny(state: HaState, ids: ReadonlySet<string>): boolean {
  const references = cached(state).references;
  if (references === null) return false;
  for (const id of references.ids) if (ids.has(id)) return true;
  return false;
}

/**
 * The state as one device may see it: ids of entities outside its scope removed from its
 * attributes, so a group, scene or min_max sensor in scope does not reveal the rest of the house.
 * `known` is the mirror (is this the id of an entity HA has?); without it every entity-shaped
 * string outside the scope is removed. A camera in the scope gets the picture URL signed for the
 * device `visible` belongs to, and its context as that device may see it. Returns the same object
 * when there is nothing to change (the common case), keeping the shared caches in play.
 */
export function scopedState(state: HaState, visible: ReadonlySet<string>, known?: KnownEntities): HaState {
  const entry = cached(state);
  const context = entry.contextCut ? state.context : contextFor(state.context, visible);
  let attributes = entry.attributes;
  if (entry.references !== null || entry.camera) {
    const hidden = entry.references && hiddenIds(entry.references, visible, known);
    if (hidden) attributes = withoutIds(attributes, hidden);
    if (entry.camera) attributes = withDevicePicture(state, attributes, visible);
  }
  if (attributes === entry.attributes)
    return context === state.context ? state : withContext(state, entry, context);
  const scoped = { ...state, attributes, context };
  // Its attributes are sanitised and signed already: the copy skips that walk (which would drop
  // HAsync's own `?token=` again) and is never signed twice.
  const references = entry.references && findReferences(state.entity_id, attributes);
  cache.set(scoped, { attributes, references, camera: false, contextCut: true });
  return scoped;
}

/** The state with another context; the one without a user is made once and shared. */
function withContext(state: HaState, entry: Cached, context: HaContext): HaState {
  if (context.user_id === null && entry.anonymous !== undefined) return entry.anonymous;
  const copy = { ...state, context };
  cache.set(copy, {
    attributes: entry.attributes,
    references: entry.references,
    camera: false,
    contextCut: true,
  });
  if (context.user_id === null) entry.anonymous = copy;
  return copy;
}

/** The state's attributes without credentials. */
export const safeAttributes = (state: HaState): Record<string, unknown> => cached(state).attributes;

/** The sanitised state as HA's JSON object text. */
export function stateJson(state: HaState): string {
  const entry = cached(state);
  entry.full ??= JSON.stringify({
    entity_id: state.entity_id,
    state: state.state,
    attributes: entry.attributes,
    last_changed: state.last_changed,
    last_updated: state.last_updated,
    context: state.context,
  });
  return entry.full;
}

/** The sanitised state as a plain object (REST answers go through Express's own JSON). */
export const safeState = (state: HaState): HaState => ({ ...state, attributes: safeAttributes(state) });

const seconds = (iso: string): number => Date.parse(iso) / 1000;

/** HA sends a bare context id when nothing else is set. */
const compressedContext = (context: HaContext): string | HaContext =>
  context.parent_id === null && context.user_id === null ? context.id : context;

/** `{s, a, c, lc[, lu]}`: `lu` only when it differs from `lc`, as HA does. */
export function compressState(state: HaState): Record<string, unknown> {
  const entry = cached(state);
  if (entry.compressed === undefined) {
    const out: Record<string, unknown> = {
      s: state.state,
      a: entry.attributes,
      c: compressedContext(state.context),
      lc: seconds(state.last_changed),
    };
    if (state.last_updated !== state.last_changed) out.lu = seconds(state.last_updated);
    entry.compressed = out;
  }
  return entry.compressed;
}

function contextDiff(before: HaContext, after: HaContext): string | Record<string, unknown> | undefined {
  const diff: Record<string, unknown> = {};
  if (before.parent_id !== after.parent_id) diff.parent_id = after.parent_id;
  if (before.user_id !== after.user_id) diff.user_id = after.user_id;
  if (before.id !== after.id) {
    if (Object.keys(diff).length === 0) return after.id;
    diff.id = after.id;
  }
  return Object.keys(diff).length === 0 ? undefined : diff;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function attributeDiff(before: Record<string, unknown>, after: Record<string, unknown>) {
  let changed: Record<string, unknown> | undefined;
  for (const key in after) {
    if (!(key in before) || !sameValue(before[key], after[key])) {
      changed ??= {};
      changed[key] = after[key];
    }
  }
  const removed = Object.keys(before).filter((key) => !(key in after));
  return { changed, removed };
}

/** One `c` entry: `{"+": {s?, a?, c?, lc? | lu?}, "-"?: {a: [removed attributes]}}`. */
export function diffStates(before: HaState, after: HaState): Record<string, unknown> {
  const additions: Record<string, unknown> = {};
  const diff: Record<string, unknown> = { "+": additions };
  if (before.state !== after.state) additions.s = after.state;
  // A client sets both timestamps from `lc`, and only last_updated from `lu` (entities.ts).
  if (before.last_changed !== after.last_changed) additions.lc = seconds(after.last_changed);
  else if (before.last_updated !== after.last_updated) additions.lu = seconds(after.last_updated);
  const context = contextDiff(before.context, after.context);
  if (context !== undefined) additions.c = context;
  const oldAttributes = safeAttributes(before);
  const newAttributes = safeAttributes(after);
  if (oldAttributes !== newAttributes) {
    const { changed, removed } = attributeDiff(oldAttributes, newAttributes);
    if (changed !== undefined) additions.a = changed;
    if (removed.length > 0) diff["-"] = { a: removed };
  }
  return diff;
}
