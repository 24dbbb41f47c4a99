import type { DeviceConnection } from "../gateway/connection.js";
import { result, WsError } from "../gateway/messages.js";
import type { Command, CommandRows, Message } from "../gateway/room.js";
import { checkRoom } from "../gateway/room-limit.js";
import type { CommandSchema } from "../gateway/validate.js";
import { cutCompressedStates, cutStatisticIds, cutStatistics } from "./cut.js";
import {
  invalidEndTime,
  invalidEntityIds,
  invalidStartTime,
  MAX_ENTITY_IDS,
  tooManyEntities,
} from "./errors.js";
import { cutLogbookEntries } from "./logbook-cut.js";
import { ForwardedStream } from "./streams.js";
import { haDatetimeMs, isHaDatetime } from "./times.js";
import { inScope, validEntityId, viewerFor } from "./viewer.js";

/**
 * History, logbook and statistics for devices. Each is forwarded to HA only with explicit entity
 * ids in the device's scope (never "all"), ids outside it dropped exactly as unknown ones (HA
 * answers those with nothing), and every answer cut again on the way back.
 */

const visible = (conn: DeviceConnection) => conn.host.access.entitiesOf(conn.deviceId);
/** HA reads naive times in its own zone. */
const timeZone = (conn: DeviceConnection) => conn.host.mirror.config()?.time_zone ?? "UTC";
const viewer = (conn: DeviceConnection) => viewerFor(conn.host.mirror, conn.host.access, conn.deviceId);

type Forwarded = { type: string; [key: string]: unknown };

/** The device's message as HA gets it: its own keys (validated), never its id. */
function forwarded(message: Message, overrides: Record<string, unknown>): Forwarded {
  const { id: _id, ...rest } = message;
  return { ...(rest as Forwarded), ...overrides };
}

/** HA's start/end checks; `stream` adds HA's stream rules (no future start, end after start). */
function checkPeriod(conn: DeviceConnection, message: Message, stream: boolean): void {
  const zone = timeZone(conn);
  const start = message.start_time as string;
  if (!isHaDatetime(start) || (stream && haDatetimeMs(start, zone) > Date.now())) throw invalidStartTime();
  const end = message.end_time;
  if (typeof end !== "string" || end === "") return;
  if (!isHaDatetime(end) || (stream && haDatetimeMs(end, zone) < haDatetimeMs(start, zone)))
    throw invalidEndTime();
}

/** history: `entity_ids` is required by HA (since 2023.2) and checked with `valid_entity_id`. */
function historyIds(conn: DeviceConnection, message: Message): string[] {
  const ids = message.entity_ids as string[];
  if (!ids.every(validEntityId)) throw invalidEntityIds();
  return bounded(inScope(ids, visible(conn)));
}

function bounded(ids: string[]): string[] {
  if (ids.length > MAX_ENTITY_IDS) throw tooManyEntities();
  return ids;
}

/**
 * logbook: without `entity_ids`/`device_ids` HA means the whole house; HAsync asks for every
 * entity of the scope instead. Devices become their entities in the scope (device_ids are never
 * forwarded: HA would add the device's own events, which name no entity).
 */
function logbookIds(conn: DeviceConnection, message: Message): string[] | null {
  const scope = visible(conn);
  const entityIds = message.entity_ids as string[] | undefined;
  const deviceIds = message.device_ids as string[] | undefined;
  if (!entityIds?.length && !deviceIds?.length) return message.context_id === undefined ? [...scope] : null;
  const ids = [...(entityIds ?? [])];
  for (const deviceId of deviceIds ?? []) ids.push(...conn.host.mirror.entitiesOfDevice(deviceId));
  return ids;
}

async function historyDuringPeriod(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  checkPeriod(conn, message, false);
  const ids = historyIds(conn, message);
  if (ids.length === 0) return conn.send(result(id, {}));
  const answer = await conn.host.ha.command(forwarded(message, { entity_ids: ids }));
  conn.send(result(id, cutCompressedStates(answer, new Set(ids), viewer(conn))));
}

async function getEvents(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  checkPeriod(conn, message, false);
  const requested = logbookIds(conn, message);
  const ids = requested === null ? null : bounded(inScope(requested, visible(conn)));
  if (ids !== null && ids.length === 0) return conn.send(result(id, []));
  const { device_ids: _devices, ...rest } = message;
  const answer = await conn.host.ha.command(forwarded(rest, ids === null ? {} : { entity_ids: ids }));
  const entries = cutLogbookEntries(answer, viewer(conn));
  const wanted = ids === null ? null : new Set(ids);
  conn.send(
    result(
      id,
      entries.filter((entry) => wanted === null || wanted.has(entry.entity_id as string)),
    ),
  );
}

/** A stream window's bound as HA sends it (float seconds); a missing end is now. */
const seconds = (conn: DeviceConnection, text: unknown) =>
  typeof text === "string" && text !== "" ? haDatetimeMs(text, timeZone(conn)) / 1000 : Date.now() / 1000;

async function openStream(
  conn: DeviceConnection,
  id: number,
  kind: "history" | "logbook",
  ids: string[],
  message: Forwarded,
): Promise<void> {
  checkRoom(conn);
  const stream = new ForwardedStream(conn, id, kind, new Set(ids));
  conn.subscriptions.set(id, stream);
  try {
    await stream.open(message);
  } catch (error) {
    if (conn.subscriptions.get(id) === stream) conn.subscriptions.delete(id);
    throw error;
  }
  conn.send(result(id));
  stream.goLive();
}

async function historyStream(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  checkPeriod(conn, message, true);
  const ids = historyIds(conn, message);
  if (ids.length > 0) return openStream(conn, id, "history", ids, forwarded(message, { entity_ids: ids }));
  // Nothing the device may see: what HA sends for ids it has no states of, with nothing to follow.
  checkRoom(conn);
  conn.subscriptions.set(id, { stop() {}, scopeChanged() {} });
  conn.send(result(id));
  const window = {
    states: {},
    start_time: seconds(conn, message.start_time),
    end_time: seconds(conn, message.end_time),
  };
  conn.send(`{"id":${id},"type":"event","event":${JSON.stringify(window)}}`);
}

async function eventStream(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  checkPeriod(conn, message, true);
  const ids = bounded(inScope(logbookIds(conn, message) ?? [], visible(conn)));
  const { device_ids: _devices, ...rest } = message;
  if (ids.length > 0) return openStream(conn, id, "logbook", ids, forwarded(rest, { entity_ids: ids }));
  // logbook/websocket_api.py `_async_send_empty_response`: a result and one empty block, no stream.
  conn.send(result(id));
  const window = {
    events: [],
    start_time: seconds(conn, message.start_time),
    end_time: seconds(conn, message.end_time),
  };
  conn.send(`{"id":${id},"type":"event","event":${JSON.stringify(window)}}`);
}

const PERIODS = new Set(["5minute", "hour", "day", "week", "month"]);
const TYPES = new Set(["change", "last_reset", "max", "mean", "min", "state", "sum"]);

function checkStatistics(message: Message): void {
  const at = (key: string) => `for dictionary value @ data['${key}']`;
  if ((message.statistic_ids as string[]).length === 0)
    throw new WsError("invalid_format", `length of value must be at least 1 ${at("statistic_ids")}`);
  if (!PERIODS.has(message.period as string))
    throw new WsError("invalid_format", `not a valid value ${at("period")}`);
  const types = message.types as string[] | undefined;
  if (types?.some((type) => !TYPES.has(type)))
    throw new WsError("invalid_format", `not a valid value ${at("types")}`);
}

async function statisticsDuringPeriod(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  checkStatistics(message);
  checkPeriod(conn, message, false);
  const scope = visible(conn);
  const ids = bounded(inScope(message.statistic_ids as string[], scope));
  if (ids.length === 0) return conn.send(result(id, {}));
  const answer = await conn.host.ha.command(forwarded(message, { statistic_ids: ids }));
  conn.send(result(id, cutStatistics(answer, scope)));
}

const SUMMARY_TYPES = new Set(["max", "mean", "min", "change"]);

/** recorder/statistics.py `statistic_during_period`: an id HA keeps no statistic for answers `{}`. */
async function statisticDuringPeriod(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  const types = message.types as string[] | undefined;
  if (types?.some((type) => !SUMMARY_TYPES.has(type)))
    throw new WsError("invalid_format", "not a valid value for dictionary value @ data['types']");
  if (!visible(conn).has(message.statistic_id as string)) return conn.send(result(id, {}));
  conn.send(result(id, await conn.host.ha.command(forwarded(message, {}))));
}

async function listStatisticIds(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  const type = message.statistic_type;
  if (type !== undefined && type !== "sum" && type !== "mean")
    throw new WsError("invalid_format", "not a valid value for dictionary value @ data['statistic_type']");
  // HA's command takes no ids: the list is read whole and cut.
  const answer = await conn.host.ha.command(forwarded(message, {}));
  conn.send(result(id, cutStatisticIds(answer, visible(conn))));
}

async function statisticsMetadata(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  const scope = visible(conn);
  const asked = message.statistic_ids as string[] | undefined;
  const ids = bounded(asked?.length ? inScope(asked, scope) : [...scope]);
  if (ids.length === 0) return conn.send(result(id, []));
  const answer = await conn.host.ha.command(forwarded(message, { statistic_ids: ids }));
  conn.send(result(id, cutStatisticIds(answer, scope)));
}

const HISTORY_SCHEMA: CommandSchema = {
  required: { start_time: "string", entity_ids: "string_list" },
  optional: {
    end_time: "string",
    include_start_time_state: "boolean",
    significant_changes_only: "boolean",
    minimal_response: "boolean",
    no_attributes: "boolean",
  },
};
const LOGBOOK_SCHEMA = {
  required: { start_time: "string" },
  optional: { end_time: "string", entity_ids: "string_list", device_ids: "string_list" },
} as const satisfies CommandSchema;

const row = (schema: CommandSchema, run: Command["run"]): Command => ({ schema, run });

/** history/websocket_api.py, logbook/websocket_api.py, recorder/websocket_api.py (none needs admin). */
export const HISTORY_COMMANDS: CommandRows = [
  ["history/history_during_period", row(HISTORY_SCHEMA, historyDuringPeriod)],
  ["history/stream", row(HISTORY_SCHEMA, historyStream)],
  [
    "logbook/get_events",
    row({ ...LOGBOOK_SCHEMA, optional: { ...LOGBOOK_SCHEMA.optional, context_id: "string" } }, getEvents),
  ],
  ["logbook/event_stream", row(LOGBOOK_SCHEMA, eventStream)],
  [
    "recorder/statistics_during_period",
    row(
      {
        required: { start_time: "string", statistic_ids: "string_list", period: "string" },
        optional: { end_time: "string", units: "object", types: "string_list" },
      },
      statisticsDuringPeriod,
    ),
  ],
  [
    "recorder/statistic_during_period",
    row(
      {
        required: { statistic_id: "string" },
        optional: {
          types: "string_list",
          units: "object",
          calendar: "object",
          fixed_period: "object",
          rolling_window: "object",
        },
      },
      statisticDuringPeriod,
    ),
  ],
  ["recorder/list_statistic_ids", row({ optional: { statistic_type: "string" } }, listStatisticIds)],
  [
    "recorder/get_statistics_metadata",
    row({ optional: { statistic_ids: "string_list" } }, statisticsMetadata),
  ],
];
