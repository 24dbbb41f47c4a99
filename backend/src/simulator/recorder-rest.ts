import { once } from "node:events";
import type { ServerResponse } from "node:http";
import type { ConnectionHost } from "./connection.js";
import { recorderOf } from "./recorder.js";
import { type HistoryOptions, logbookEntries, parseHaTime, restHistoryRows } from "./recorder-queries.js";

/**
 * The recorder's REST views: history/__init__.py `HistoryPeriodView` and logbook/rest_api.py
 * `LogbookView`. History answers are written entity by entity with backpressure, so a seeded
 * 50,000-row answer never sits in memory whole (the benchmark measures HAsync, not this).
 */

const DAY_MS = 86_400_000;
const ENTITY_ID = /^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$/;

function message(res: ServerResponse, status: number, text: string): void {
  const body = JSON.stringify({ message: text });
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

function plain400(res: ServerResponse): void {
  res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
  res.end("400: Bad Request");
}

async function write(res: ServerResponse, chunk: string): Promise<void> {
  if (!res.write(chunk)) await once(res, "drain");
}

/** `[[row…], [row…]]`, one inner array per entity with rows. */
async function streamHistory(
  res: ServerResponse,
  host: ConnectionHost,
  ids: readonly string[],
  options: HistoryOptions,
): Promise<void> {
  res.writeHead(200, { "Content-Type": "application/json" });
  const recorder = recorderOf(host.store);
  let firstEntity = true;
  await write(res, "[");
  for (const id of ids) {
    const rows = restHistoryRows(recorder, id, options);
    if (rows.length === 0) continue;
    await write(res, firstEntity ? "[" : ",[");
    firstEntity = false;
    for (let i = 0; i < rows.length; i += 500) {
      await write(res, (i === 0 ? "" : ",") + rows.slice(i, i + 500).join(","));
    }
    await write(res, "]");
  }
  res.end("]");
}

async function historyPeriod(res: ServerResponse, host: ConnectionHost, url: URL, stamp: string | null) {
  const query = url.searchParams;
  const given = stamp === null ? null : parseHaTime(stamp);
  if (stamp !== null && given === null) {
    message(res, 400, "Invalid datetime");
    return;
  }
  const ids = (query.get("filter_entity_id") ?? "").trim().toLowerCase().split(",").filter(Boolean);
  if (ids.length === 0) {
    message(res, 400, "filter_entity_id is missing");
    return;
  }
  const recorder = recorderOf(host.store);
  if (ids.some((id) => !recorder.current(id) && !ENTITY_ID.test(id)))
    return message(res, 400, "Invalid filter_entity_id");
  const now = Date.now();
  const startMs = given ?? now - DAY_MS;
  if (startMs > now) {
    message200(res, "[]");
    return;
  }
  const endText = query.get("end_time");
  const endMs = endText ? parseHaTime(endText) : startMs + DAY_MS;
  if (endMs === null) {
    message(res, 400, "Invalid end_time");
    return;
  }
  await streamHistory(res, host, ids, {
    startMs,
    endMs,
    includeStartTimeState: !query.has("skip_initial_state"),
    significantChangesOnly: query.get("significant_changes_only") !== "0",
    minimalResponse: query.has("minimal_response"),
    noAttributes: query.has("no_attributes"),
  });
}

function message200(res: ServerResponse, body: string): void {
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

function logbook(res: ServerResponse, host: ConnectionHost, url: URL, stamp: string | null): void {
  const query = url.searchParams;
  const startOfDay = new Date();
  startOfDay.setUTCHours(0, 0, 0, 0);
  const given = stamp === null ? startOfDay.getTime() : parseHaTime(stamp);
  if (given === null) {
    message(res, 400, "Invalid datetime");
    return;
  }
  const period = Number(query.get("period") ?? "1");
  if (!Number.isInteger(period)) {
    plain400(res);
    return;
  }
  const entityText = query.get("entity");
  const ids = entityText ? entityText.split(",").map((id) => id.trim().toLowerCase()) : null;
  if (ids?.some((id) => !ENTITY_ID.test(id))) {
    plain400(res);
    return;
  }
  const endText = query.get("end_time");
  let startMs = given - (period - 1) * DAY_MS;
  let endMs = startMs + period * DAY_MS;
  if (endText !== null) {
    const end = parseHaTime(endText);
    if (end === null) {
      message(res, 400, "Invalid end_time");
      return;
    }
    [startMs, endMs] = [given, end];
  }
  const contextId = query.get("context_id");
  if (ids && contextId) {
    message(res, 400, "Can't combine entity with context_id");
    return;
  }
  const entries = logbookEntries(recorderOf(host.store), {
    startMs,
    endMs,
    entityIds: ids && new Set(ids),
    rest: true,
    ...(contextId ? { contextId } : {}),
  });
  message200(res, JSON.stringify(entries));
}

/** A path segment as aiohttp passes it on; a broken escape stays as sent (and fails to parse). */
function decoded(segment: string | undefined): string | null {
  if (segment === undefined) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const HISTORY = /^\/api\/history\/period(?:\/(.+))?$/;
const LOGBOOK = /^\/api\/logbook(?:\/(.+))?$/;

/** Answers a recorder path (GET), or returns false for any other path. */
export function recorderRest(res: ServerResponse, host: ConnectionHost, url: URL): Promise<void> | false {
  const history = HISTORY.exec(url.pathname);
  if (history) return historyPeriod(res, host, url, decoded(history[1]));
  const book = LOGBOOK.exec(url.pathname);
  if (book) return Promise.resolve(logbook(res, host, url, decoded(book[1])));
  return false;
}
