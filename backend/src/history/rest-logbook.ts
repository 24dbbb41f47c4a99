import type { Request, Response } from "express";
import type { GatewayRestDeps } from "../gateway/rest/deps.js";
import { deviceOf } from "../gateway/rest/http.js";
import { HaCommandError, type HaMirror } from "../ha/types.js";
import { MAX_ENTITY_IDS } from "./errors.js";
import { cutLogbookEntries } from "./logbook-cut.js";
import { haDatetimeMs, isHaDatetime, startOfLocalDay } from "./times.js";
import { inScope, validEntityId, viewerFor } from "./viewer.js";

/**
 * `GET /api/logbook[/<start>]` (logbook/rest_api.py `LogbookView`). Asked of HA through its
 * WebSocket `logbook/get_events` with explicit in-scope ids: a whole scope's ids do not fit in a
 * URL (aiohttp's 8 kB request line), a WebSocket message has room. The entries are cut, then given
 * the REST view's extras: ISO times and names (`include_entity_name=True`).
 */

const DAY_MS = 86_400_000;
const message = (res: Response, status: number, text: string) =>
  void res.status(status).json({ message: text });

/** `process_timestamp_to_utc_isoformat`: microseconds and +00:00. */
const isoFromSeconds = (seconds: number) => `${new Date(seconds * 1000).toISOString().slice(0, -1)}000+00:00`;

/** logbook/processor.py `EntityNameCache.get`. */
function nameOf(mirror: HaMirror, entityId: string): string {
  const name = mirror.getState(entityId)?.attributes.friendly_name;
  return typeof name === "string" && name !== "" ? name : (entityId.split(".")[1] ?? "").replaceAll("_", " ");
}

interface Window {
  start: string;
  end: string;
}

/** LogbookView.get's window: from the start (default: today's local midnight) for `period` days, or to `end_time`. */
function window(req: Request, timeZone: string): Window | string {
  const given = req.params.start;
  if (typeof given === "string" && !isHaDatetime(given)) return "Invalid datetime";
  const startMs =
    typeof given === "string" ? haDatetimeMs(given, timeZone) : startOfLocalDay(Date.now(), timeZone);
  const period = Number(req.query.period ?? "1");
  if (!Number.isInteger(period)) return "Invalid period";
  const end = req.query.end_time;
  if (typeof end === "string") {
    if (!isHaDatetime(end)) return "Invalid end_time";
    return { start: new Date(startMs).toISOString(), end };
  }
  const from = startMs - (period - 1) * DAY_MS;
  return { start: new Date(from).toISOString(), end: new Date(from + period * DAY_MS).toISOString() };
}

function restShape(mirror: HaMirror, entry: Record<string, unknown>): Record<string, unknown> {
  const out = { ...entry };
  if (typeof entry.when === "number") out.when = isoFromSeconds(entry.when);
  if (typeof entry.entity_id === "string") out.name = nameOf(mirror, entry.entity_id);
  if (typeof entry.context_entity_id === "string")
    out.context_entity_id_name = nameOf(mirror, entry.context_entity_id);
  return out;
}

export async function logbookRest(deps: GatewayRestDeps, req: Request, res: Response): Promise<void> {
  const period = window(req, deps.mirror.config()?.time_zone ?? "UTC");
  if (typeof period === "string") return message(res, 400, period);
  const entity = typeof req.query.entity === "string" ? req.query.entity : "";
  const asked = entity === "" ? null : entity.split(",").map((id) => id.trim().toLowerCase());
  if (asked?.some((id) => !validEntityId(id)))
    return message(
      res,
      400,
      `Invalid entity id(s) encountered: ${entity.slice(0, 256)}. Format should be <domain>.<object_id>`,
    );
  const contextId = typeof req.query.context_id === "string" ? req.query.context_id : undefined;
  if (asked !== null && contextId !== undefined)
    return message(res, 400, "Can't combine entity with context_id");
  const deviceId = deviceOf(res).id;
  const scope = deps.access.entitiesOf(deviceId);
  const ids = asked === null ? (contextId === undefined ? [...scope] : null) : inScope(asked, scope);
  if (ids !== null && ids.length > MAX_ENTITY_IDS)
    return message(res, 400, `Too many entities (limit ${MAX_ENTITY_IDS}).`);
  if (ids !== null && ids.length === 0) return void res.json([]);
  const command = {
    type: "logbook/get_events",
    start_time: period.start,
    end_time: period.end,
    ...(ids === null ? { context_id: contextId } : { entity_ids: ids }),
  };
  let answer: unknown;
  try {
    answer = await deps.ha.command(command);
  } catch (error) {
    if (!(error instanceof HaCommandError)) throw error;
    return message(res, error.code === "timeout" ? 504 : 503, error.message);
  }
  const wanted = ids === null ? null : new Set(ids);
  const entries = cutLogbookEntries(answer, viewerFor(deps.mirror, deps.access, deviceId)).filter(
    (entry) => wanted === null || wanted.has(entry.entity_id as string),
  );
  res.json(entries.map((entry) => restShape(deps.mirror, entry)));
}
