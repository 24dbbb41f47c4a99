import type { BusEvent } from "./bus.js";
import type { Command } from "./commands.js";
import type { ClientConnection } from "./connection.js";
import { recorderOf } from "./recorder.js";
import {
  compressedHistory,
  compressedRow,
  type HistoryOptions,
  logbookEntries,
  logbookEntry,
  logged,
  parseHaTime,
} from "./recorder-queries.js";
import { statisticIds, statisticSummary, statisticsDuringPeriod } from "./recorder-statistics.js";

/**
 * The recorder's WebSocket commands as HA registers them: history/websocket_api.py,
 * logbook/websocket_api.py, recorder/websocket_api.py (schemas, error codes, stream messages).
 */

type Msg = Record<string, unknown>;

/** core.py `valid_entity_id`. */
const ENTITY_ID = /^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$/;

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function period(msg: Msg, endDefault: number | null): { startMs: number; endMs: number | null } {
  const startMs = parseHaTime(msg.start_time as string);
  if (startMs === null) throw new Refusal("invalid_start_time", "Invalid start_time");
  if (typeof msg.end_time !== "string" || msg.end_time === "") return { startMs, endMs: endDefault };
  const endMs = parseHaTime(msg.end_time);
  if (endMs === null) throw new Refusal("invalid_end_time", "Invalid end_time");
  return { startMs, endMs };
}

function checkEntityIds(conn: ClientConnection, ids: readonly string[]): void {
  for (const id of ids) {
    if (!recorderOf(conn.host.store).current(id) && !ENTITY_ID.test(id))
      throw new Refusal("invalid_entity_ids", "Invalid entity_ids");
  }
}

function historyOptions(msg: Msg, startMs: number, endMs: number): HistoryOptions {
  return {
    startMs,
    endMs,
    includeStartTimeState: msg.include_start_time_state !== false,
    significantChangesOnly: msg.significant_changes_only !== false,
    minimalResponse: msg.minimal_response === true,
    noAttributes: msg.no_attributes === true,
  };
}

/** Answers HA's own error codes (invalid_start_time…), which the shared HaError does not carry. */
const guarded =
  (handle: (conn: ClientConnection, id: number, msg: Msg) => void): Command["handle"] =>
  (conn, id, msg) => {
    try {
      handle(conn, id, msg);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      conn.error(id, error.code, error.message);
    }
  };

const HISTORY_SCHEMA = {
  required: { start_time: "string", entity_ids: "string[]" },
  optional: {
    end_time: "string",
    include_start_time_state: "boolean",
    significant_changes_only: "boolean",
    minimal_response: "boolean",
    no_attributes: "boolean",
  },
} as const;

function historyDuringPeriod(conn: ClientConnection, id: number, msg: Msg): void {
  const now = Date.now();
  const { startMs, endMs } = period(msg, null);
  if (startMs > now) {
    conn.result(id, {});
    return;
  }
  const ids = msg.entity_ids as string[];
  checkEntityIds(conn, ids);
  const recorder = recorderOf(conn.host.store);
  conn.result(id, compressedHistory(recorder, ids, historyOptions(msg, startMs, endMs ?? now + 1)));
}

/** history/stream: the result, the recorded states, then live changes until end_time. */
function historyStream(conn: ClientConnection, id: number, msg: Msg): void {
  const now = Date.now();
  const { startMs, endMs } = period(msg, null);
  if (startMs > now) throw new Refusal("invalid_start_time", "Invalid start_time");
  if (endMs !== null && endMs < startMs) throw new Refusal("invalid_end_time", "Invalid end_time");
  const ids = msg.entity_ids as string[];
  checkEntityIds(conn, ids);
  const options = historyOptions(msg, startMs, Math.min(endMs ?? now + 1, now + 1));
  const states = compressedHistory(recorderOf(conn.host.store), ids, options);
  conn.result(id, null);
  const end = (endMs ?? now) / 1000;
  conn.event(id, JSON.stringify({ states, start_time: startMs / 1000, end_time: end }));
  if (endMs !== null && endMs <= now) return;
  const wanted = new Set(ids);
  conn.subscribe(id, {
    kind: "stream",
    deliver(event: BusEvent) {
      const change = event.change;
      if (!change?.after || !change.before || !wanted.has(change.entityId)) return;
      if (options.significantChangesOnly && change.after.lc !== change.after.lu) return;
      const row = compressedRow(
        change.after,
        { minimalResponse: false, noAttributes: options.noAttributes },
        true,
      );
      conn.event(id, JSON.stringify({ states: { [change.entityId]: [row] } }));
    },
  });
}

function logbookIds(msg: Msg): Set<string> | null {
  const ids = msg.entity_ids as string[] | undefined;
  return ids && ids.length > 0 ? new Set(ids) : null;
}

function getEvents(conn: ClientConnection, id: number, msg: Msg): void {
  const now = Date.now();
  const { startMs, endMs } = period(msg, now);
  if (startMs > now) {
    conn.result(id, []);
    return;
  }
  const recorder = recorderOf(conn.host.store);
  const contextId = typeof msg.context_id === "string" ? msg.context_id : undefined;
  const entries = logbookEntries(recorder, {
    startMs,
    endMs: endMs ?? now,
    entityIds: logbookIds(msg),
    rest: false,
    ...(contextId === undefined ? {} : { contextId }),
  });
  conn.result(id, entries);
}

/** logbook/event_stream: the result, the recorded entries (partial while live), then live ones. */
function eventStream(conn: ClientConnection, id: number, msg: Msg): void {
  const now = Date.now();
  const { startMs, endMs } = period(msg, null);
  if (startMs > now) throw new Refusal("invalid_start_time", "Invalid start_time");
  if (endMs !== null && endMs < startMs) throw new Refusal("invalid_end_time", "Invalid end_time");
  const recorder = recorderOf(conn.host.store);
  const entityIds = logbookIds(msg);
  const events = logbookEntries(recorder, { startMs, endMs: endMs ?? now + 1, entityIds, rest: false });
  conn.result(id, null);
  const live = endMs === null || endMs > now;
  const message = { events, start_time: startMs / 1000, end_time: (endMs ?? now) / 1000 };
  conn.event(id, JSON.stringify(live ? { ...message, partial: true } : message));
  if (!live) return;
  conn.event(id, JSON.stringify({ events: [], start_time: startMs / 1000, end_time: now / 1000 }));
  conn.subscribe(id, {
    kind: "stream",
    deliver(event: BusEvent) {
      const change = event.change;
      if (!change?.after || (entityIds !== null && !entityIds.has(change.entityId))) return;
      const rows = recorder.rowsOf(change.entityId);
      const row = rows[rows.length - 1];
      if (row === undefined || row.stored !== change.after || !logged(row)) return;
      conn.event(id, JSON.stringify({ events: [logbookEntry(recorder, row, false)] }));
    },
  });
}

function statisticsPeriod(conn: ClientConnection, id: number, msg: Msg): void {
  const { startMs, endMs } = period(msg, null);
  const ids = msg.statistic_ids as string[];
  if (ids.length === 0) {
    throw new Refusal(
      "invalid_format",
      "length of value must be at least 1 for dictionary value @ data['statistic_ids']",
    );
  }
  const types = Array.isArray(msg.types) ? new Set(msg.types as string[]) : null;
  const query = {
    startMs,
    endMs: endMs ?? Date.now() + 1,
    statisticIds: ids,
    period: msg.period as string,
    types,
  };
  conn.result(id, statisticsDuringPeriod(recorderOf(conn.host.store), query));
}

export const RECORDER_COMMANDS: Record<string, Command> = {
  "history/history_during_period": { schema: HISTORY_SCHEMA, handle: guarded(historyDuringPeriod) },
  "history/stream": { schema: HISTORY_SCHEMA, handle: guarded(historyStream) },
  "logbook/get_events": {
    schema: {
      required: { start_time: "string" },
      optional: { end_time: "string", entity_ids: "string[]", device_ids: "string[]", context_id: "string" },
    },
    handle: guarded(getEvents),
  },
  "logbook/event_stream": {
    schema: {
      required: { start_time: "string" },
      optional: { end_time: "string", entity_ids: "string[]", device_ids: "string[]" },
    },
    handle: guarded(eventStream),
  },
  "recorder/statistics_during_period": {
    schema: {
      required: { start_time: "string", statistic_ids: "string[]", period: "string" },
      optional: { end_time: "string", units: "object", types: "string[]" },
    },
    handle: guarded(statisticsPeriod),
  },
  "recorder/statistic_during_period": {
    schema: {
      required: { statistic_id: "string" },
      optional: {
        types: "string[]",
        units: "object",
        calendar: "object",
        fixed_period: "object",
        rolling_window: "object",
      },
    },
    handle(conn, id, msg) {
      const types = Array.isArray(msg.types) ? new Set(msg.types as string[]) : null;
      const fixed = msg.fixed_period as { start_time?: string; end_time?: string } | undefined;
      const recorder = recorderOf(conn.host.store);
      conn.result(id, statisticSummary(recorder, msg.statistic_id as string, fixed, types, parseHaTime));
    },
  },
  "recorder/list_statistic_ids": {
    schema: { optional: { statistic_type: "string" } },
    handle: (conn, id, msg) =>
      conn.result(id, statisticIds(recorderOf(conn.host.store), msg.statistic_type as string | undefined)),
  },
  "recorder/get_statistics_metadata": {
    schema: { optional: { statistic_ids: "string[]" } },
    handle(conn, id, msg) {
      const all = statisticIds(recorderOf(conn.host.store));
      const wanted =
        Array.isArray(msg.statistic_ids) && msg.statistic_ids.length > 0 ? new Set(msg.statistic_ids) : null;
      conn.result(id, wanted === null ? all : all.filter((row) => wanted.has(row.statistic_id)));
    },
  },
};
