import type { Viewer } from "./cut.js";

/**
 * Logbook entries as one device may see them (logbook/processor.py `_humanify` and
 * `ContextAugmenter.augment` build them). HA filters entries by entity but not what their context
 * says (core#182048): an in-scope light's entry can carry `context_entity_id` of the motion sensor
 * or automation that switched it. So:
 * - an entry is kept only when its own `entity_id` is in the scope (entries naming no entity say
 *   nothing a device can be shown to be allowed to see);
 * - its cause (every `context_*` field but the user) is kept only when it names an entity in the
 *   scope, or is a service call (no entity) to a service the device may call itself;
 * - `context_user_id` names a Home Assistant user: kept only when a person entity in the scope
 *   carries that user id (then the device could already tell who it is), removed otherwise;
 * - free text (`message`, `context_message`, `source`, `context_source`) naming an entity HA has
 *   outside the scope ("triggered by state of binary_sensor.x") is removed;
 * - fields HA's processor does not write are dropped rather than passed on unread.
 */

export interface LogbookViewer extends Viewer {
  /** User ids of person entities in the scope (their `user_id` attribute). */
  users: ReadonlySet<string>;
  mayCall(domain: string, service: string): boolean;
}

const ENTRY_FIELDS = new Set(["when", "state", "entity_id", "name", "icon", "message", "domain", "source"]);
const CAUSE_FIELDS = [
  "context_entity_id",
  "context_entity_id_name",
  "context_state",
  "context_event_type",
  "context_domain",
  "context_service",
  "context_name",
  "context_message",
  "context_source",
] as const;
const TEXT_FIELDS = ["message", "source", "context_message", "context_source"] as const;
const ENTITY_IN_TEXT = /[a-z0-9_]+\.[a-z0-9_]+/g;

function namesHiddenEntity(text: unknown, viewer: Viewer): boolean {
  if (typeof text !== "string") return false;
  for (const [id] of text.matchAll(ENTITY_IN_TEXT)) {
    if (!viewer.visible.has(id) && viewer.known.knowsEntity(id)) return true;
  }
  return false;
}

function causeVisible(entry: Record<string, unknown>, viewer: LogbookViewer): boolean {
  const cause = entry.context_entity_id;
  if (cause !== undefined) return typeof cause === "string" && viewer.visible.has(cause);
  const { context_event_type: type, context_domain: domain, context_service: service } = entry;
  return (
    type === "call_service" &&
    typeof domain === "string" &&
    typeof service === "string" &&
    viewer.mayCall(domain, service)
  );
}

/** The entry as the device may see it, or null when it is not the device's to see. */
export function cutLogbookEntry(raw: unknown, viewer: LogbookViewer): Record<string, unknown> | null {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const entry = raw as Record<string, unknown>;
  if (typeof entry.entity_id !== "string" || !viewer.visible.has(entry.entity_id)) return null;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(entry)) if (ENTRY_FIELDS.has(key)) out[key] = entry[key];
  if (causeVisible(entry, viewer)) {
    for (const key of CAUSE_FIELDS) if (key in entry) out[key] = entry[key];
  }
  const user = entry.context_user_id;
  if (typeof user === "string" && viewer.users.has(user)) out.context_user_id = user;
  for (const key of TEXT_FIELDS) if (namesHiddenEntity(out[key], viewer)) delete out[key];
  return out;
}

export function cutLogbookEntries(entries: unknown, viewer: LogbookViewer): Record<string, unknown>[] {
  if (!Array.isArray(entries)) return [];
  const out: Record<string, unknown>[] = [];
  for (const entry of entries) {
    const cut = cutLogbookEntry(entry, viewer);
    if (cut !== null) out.push(cut);
  }
  return out;
}
