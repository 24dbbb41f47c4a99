import { once } from "node:events";
import type { Request, Response } from "express";
import type { GatewayRestDeps, RestRoom } from "../gateway/rest/deps.js";
import { deviceOf } from "../gateway/rest/http.js";
import { HaCommandError } from "../ha/types.js";
import { attributeCutter, cutFullRow, type Viewer } from "./cut.js";
import { MAX_ENTITY_IDS } from "./errors.js";
import { JsonArraySplitter } from "./json-split.js";
import { logbookRest } from "./rest-logbook.js";
import { isHaDatetime } from "./times.js";
import { inScope, validEntityId, viewerFor } from "./viewer.js";

/**
 * `GET /api/history/period[/<start>]` (history/__init__.py `HistoryPeriodView`): HA requires
 * `filter_entity_id`; HAsync forwards only its in-scope ids and streams HA's answer through
 * (`JsonArraySplitter`), cutting row by row, so a 50,000-row answer never sits in memory whole.
 */

const message = (res: Response, status: number, text: string) =>
  void res.status(status).json({ message: text });

/** HA's own checks, in HA's order and words; null when the request is fine. */
function refusal(req: Request, ids: readonly string[]): string | null {
  const start = req.params.start;
  if (typeof start === "string" && !isHaDatetime(start)) return "Invalid datetime";
  if (ids.length === 0) return "filter_entity_id is missing";
  if (!ids.every(validEntityId)) return "Invalid filter_entity_id";
  const end = req.query.end_time;
  if (typeof end === "string" && end !== "" && !isHaDatetime(end)) return "Invalid end_time";
  return null;
}

const FLAGS = [
  "end_time",
  "minimal_response",
  "no_attributes",
  "significant_changes_only",
  "skip_initial_state",
];

function haPath(req: Request, ids: readonly string[]): string {
  const query = new URLSearchParams({ filter_entity_id: ids.join(",") });
  for (const flag of FLAGS) {
    const value = req.query[flag];
    if (typeof value === "string") query.set(flag, value);
  }
  const start = typeof req.params.start === "string" ? `/${encodeURIComponent(req.params.start)}` : "";
  return `/api/history/period${start}?${query.toString()}`;
}

/** Cuts HA's `[[row…]…]` as it arrives; returns the text to send for each chunk. */
function historyCutter(wanted: ReadonlySet<string>, viewer: Viewer) {
  const attributes = attributeCutter(viewer);
  let out = "";
  let lists = 0;
  let entityId: string | null = null;
  let rows = 0;
  const splitter = new JsonArraySplitter(
    {
      open: () => {
        entityId = null;
        rows = 0;
      },
      element: (text) => {
        const row = JSON.parse(text) as Record<string, unknown>;
        if (entityId === null) entityId = typeof row.entity_id === "string" ? row.entity_id : "";
        if (!wanted.has(entityId)) return;
        const cut = cutFullRow(row, entityId, viewer, attributes);
        if (cut === null) return;
        if (rows === 0) out += lists++ === 0 ? "[" : ",[";
        out += (rows++ === 0 ? "" : ",") + JSON.stringify(cut);
      },
      close: () => {
        if (rows > 0) out += "]";
      },
    },
    2,
  );
  return {
    push(chunk: string): string {
      splitter.push(chunk);
      const text = out;
      out = "";
      return text;
    },
    get finished() {
      return splitter.finished;
    },
  };
}

async function pipeHistory(
  upstream: globalThis.Response,
  res: Response,
  wanted: Set<string>,
  viewer: Viewer,
) {
  const cutter = historyCutter(wanted, viewer);
  const decoder = new TextDecoder();
  res.status(200).type("application/json");
  res.write("[");
  for await (const chunk of upstream.body as AsyncIterable<Uint8Array>) {
    const text = cutter.push(decoder.decode(chunk, { stream: true }));
    if (text !== "" && !res.write(text)) await once(res, "drain");
  }
  if (!cutter.finished) throw new Error("Home Assistant's answer ended early");
  res.end("]");
}

/** HA's own refusal (a 400 with its message) passes on, bounded; anything else is HA being away. */
async function passRefusal(upstream: globalThis.Response, res: Response): Promise<void> {
  const text = (await upstream.text()).slice(0, 4096);
  if (upstream.status === 400) res.status(400).type("application/json").send(text);
  else message(res, 502, "Home Assistant could not answer the history request.");
}

async function historyPeriod(deps: GatewayRestDeps, req: Request, res: Response): Promise<void> {
  const filter = req.query.filter_entity_id;
  const asked = (typeof filter === "string" ? filter : "").trim().toLowerCase().split(",").filter(Boolean);
  const problem = refusal(req, asked);
  if (problem !== null) return message(res, 400, problem);
  const deviceId = deviceOf(res).id;
  const ids = inScope(asked, deps.access.entitiesOf(deviceId));
  if (ids.length > MAX_ENTITY_IDS) return message(res, 400, `Too many entities (limit ${MAX_ENTITY_IDS}).`);
  if (ids.length === 0) return void res.json([]);
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  let upstream: globalThis.Response;
  try {
    upstream = await deps.ha.request(haPath(req, ids), { signal: abort.signal });
  } catch (error) {
    if (!(error instanceof HaCommandError)) throw error;
    return message(res, error.code === "timeout" ? 504 : 503, error.message);
  }
  if (upstream.status !== 200) return passRefusal(upstream, res);
  const viewer = viewerFor(deps.mirror, deps.access, deviceId);
  try {
    await pipeHistory(upstream, res, new Set(ids), viewer);
  } catch {
    // Headers are gone: the only honest signal left is a cut connection, never a half array.
    abort.abort();
    res.destroy();
  }
}

/** HA routes nothing else under /api/history: other paths there stay its plain 404, token or not. */
export const HISTORY_REST_ROOM: RestRoom = {
  routes: [
    { path: "/api/history/period", handle: historyPeriod },
    { path: "/api/history/period/:start", handle: historyPeriod },
    { path: "/api/logbook", handle: logbookRest },
    { path: "/api/logbook/:start", handle: logbookRest },
  ],
};
