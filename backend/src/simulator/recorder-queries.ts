import type { StoredState } from "./compressed.js";
import type { RecordedRow, Recorder } from "./recorder.js";

/**
 * The demo recorder's answers in HA's shapes: significant states (recorder/history/modern.py
 * `get_significant_states`, compressed for the WebSocket, `State.as_dict` for REST), logbook
 * entries (logbook/processor.py `_humanify` and `ContextAugmenter`), statistics
 * (recorder/statistics.py).
 */

/** `dt_util.parse_datetime`: ISO 8601 date-time (or a date), with an optional offset. */
const DATETIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d{1,6}\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Milliseconds since the epoch, or null when HA would not parse it. Naive times are UTC here. */
export function parseHaTime(text: string): number | null {
  const match = DATETIME.exec(text.trim());
  if (!match) return null;
  const normalised = match[4] === undefined ? `${text.trim()}T00:00:00Z` : text.trim().replace(" ", "T");
  const withZone = match[7] === undefined && match[4] !== undefined ? `${normalised}Z` : normalised;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? null : ms;
}

/** recorder/history/const.py: domains whose attribute-only changes are significant. */
const SIGNIFICANT_DOMAINS = new Set([
  "climate",
  "device_tracker",
  "humidifier",
  "thermostat",
  "water_heater",
]);

export interface HistoryOptions {
  startMs: number;
  endMs: number;
  includeStartTimeState: boolean;
  significantChangesOnly: boolean;
  minimalResponse: boolean;
  noAttributes: boolean;
}

const domainOf = (entityId: string) => entityId.slice(0, entityId.indexOf("."));

function significantRows(recorder: Recorder, entityId: string, options: HistoryOptions): StoredState[] {
  const rows = recorder.rowsOf(entityId);
  const out: StoredState[] = [];
  let before: StoredState | undefined;
  const significantDomain = SIGNIFICANT_DOMAINS.has(domainOf(entityId));
  for (const { stored } of rows) {
    if (stored.lu * 1000 < options.startMs) {
      before = stored;
      continue;
    }
    if (stored.lu * 1000 >= options.endMs) break;
    const attributesOnly = stored.lc !== stored.lu;
    if ((options.significantChangesOnly || options.minimalResponse) && attributesOnly && !significantDomain)
      continue;
    out.push(stored);
  }
  if (options.includeStartTimeState && before !== undefined) out.unshift(before);
  return out;
}

/** `{entity_id: [{s, a?, lu, lc?}]}` as HA's WebSocket history commands send it. */
export function compressedHistory(
  recorder: Recorder,
  entityIds: readonly string[],
  options: HistoryOptions,
): Record<string, Array<Record<string, unknown>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const entityId of entityIds) {
    const rows = significantRows(recorder, entityId, options);
    if (rows.length > 0) out[entityId] = rows.map((row, i) => compressedRow(row, options, i === 0));
  }
  return out;
}

export function compressedRow(
  stored: StoredState,
  options: Pick<HistoryOptions, "minimalResponse" | "noAttributes">,
  first: boolean,
): Record<string, unknown> {
  const row: Record<string, unknown> = { s: stored.wire.state };
  if (options.minimalResponse && !first) {
    row.lu = stored.lc;
    return row;
  }
  if (!options.noAttributes) row.a = stored.wire.attributes;
  row.lu = stored.lu;
  if (stored.lc !== stored.lu) row.lc = stored.lc;
  return row;
}

/** One entity's REST history rows (`LazyState.as_dict`; minimal rows between the first and last). */
export function restHistoryRows(recorder: Recorder, entityId: string, options: HistoryOptions): string[] {
  const rows = significantRows(recorder, entityId, options);
  return rows.map((stored, i) => {
    const { wire } = stored;
    if (options.minimalResponse && i > 0 && i < rows.length - 1) {
      return JSON.stringify({ state: wire.state, last_changed: wire.last_changed });
    }
    return JSON.stringify({
      entity_id: wire.entity_id,
      state: wire.state,
      attributes: options.noAttributes ? {} : wire.attributes,
      last_changed: wire.last_changed,
      last_updated: wire.last_updated,
    });
  });
}

/** logbook/helpers.py `is_sensor_continuous`: sensors with a unit or state class are left out. */
function continuous(stored: StoredState): boolean {
  const { attributes, entity_id } = stored.wire;
  return (
    domainOf(entity_id) === "sensor" &&
    (attributes.unit_of_measurement !== undefined || attributes.state_class !== undefined)
  );
}

const nameOf = (recorder: Recorder, entityId: string): string => {
  const name = recorder.current(entityId)?.wire.attributes.friendly_name;
  return typeof name === "string" ? name : (entityId.split(".")[1] ?? "").replaceAll("_", " ");
};

export interface LogbookOptions {
  startMs: number;
  endMs: number;
  /** null = every entity. */
  entityIds: ReadonlySet<string> | null;
  contextId?: string;
  /** REST answers carry ISO times and names; WebSocket ones float seconds and no names. */
  rest: boolean;
}

/** `ContextAugmenter.augment`: who or what caused the entry. */
function augment(recorder: Recorder, entry: Record<string, unknown>, row: RecordedRow, rest: boolean): void {
  const { context } = row.stored.wire;
  if (context.user_id) entry.context_user_id = context.user_id;
  let origin = recorder.contextOrigin(context.id);
  if (origin?.kind === "state" && origin.row === row) {
    origin = context.parent_id ? recorder.contextOrigin(context.parent_id) : undefined;
    if (origin?.kind === "state" && origin.row === row) return;
  }
  if (origin === undefined) return;
  if (origin.kind === "call_service") {
    entry.context_domain = origin.domain;
    entry.context_service = origin.service;
    entry.context_event_type = "call_service";
    return;
  }
  entry.context_state = origin.state;
  entry.context_entity_id = origin.entityId;
  if (rest) entry.context_entity_id_name = nameOf(recorder, origin.entityId);
}

export function logbookEntry(recorder: Recorder, row: RecordedRow, rest: boolean): Record<string, unknown> {
  const { wire, lu } = row.stored;
  const entry: Record<string, unknown> = { when: rest ? wire.last_updated : lu, state: wire.state };
  entry.entity_id = wire.entity_id;
  if (rest) entry.name = nameOf(recorder, wire.entity_id);
  if (typeof wire.attributes.icon === "string") entry.icon = wire.attributes.icon;
  augment(recorder, entry, row, rest);
  return entry;
}

/** A state change the logbook shows: the state string changed, not a continuous sensor. */
export const logged = (row: RecordedRow): boolean =>
  !row.first && row.stored.lc === row.stored.lu && !continuous(row.stored);

export function logbookEntries(recorder: Recorder, options: LogbookOptions): Array<Record<string, unknown>> {
  const picked: RecordedRow[] = [];
  const ids = options.entityIds ?? new Set(recorder.entityIds());
  for (const entityId of ids) {
    for (const row of recorder.rowsOf(entityId)) {
      const ms = row.stored.lu * 1000;
      if (ms < options.startMs || ms >= options.endMs || !logged(row)) continue;
      if (options.contextId !== undefined && row.stored.wire.context.id !== options.contextId) continue;
      picked.push(row);
    }
  }
  picked.sort((a, b) => a.stored.lu - b.stored.lu);
  return picked.map((row) => logbookEntry(recorder, row, options.rest));
}
