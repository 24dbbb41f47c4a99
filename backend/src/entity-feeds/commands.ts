import type { DeviceConnection } from "../gateway/connection.js";
import { result, unauthorized, WsError } from "../gateway/messages.js";
import type { Command, CommandRows, Message } from "../gateway/room.js";
import type { CallServiceRequest } from "../ha/types.js";
import { ForwardedFeed } from "./forwarded.js";

/**
 * What HA's interface reads and writes about one entity while it is used: weather forecasts, to-do
 * items and calendar events. The entity must be in the device's scope before anything reaches HA;
 * one outside it is answered with HA's own error for an entity it does not have, so a hidden
 * entity and a missing one cannot be told apart. HA forwards the message as the device sent it
 * (validated here against HA's schema: no extra keys reach HA).
 */

const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
const domainOf = (entityId: string) => entityId.slice(0, entityId.indexOf("."));

/** `cv.entity_domain(domain)` in voluptuous's words, then the scope. */
function scopedEntity(conn: DeviceConnection, message: Message, domain: string, notFound: () => WsError) {
  const entityId = message.entity_id as string;
  if (!ENTITY_ID.test(entityId) || domainOf(entityId) !== domain) {
    throw new WsError(
      "invalid_format",
      `Entity ID '${entityId.slice(0, 80)}' does not belong to domain '${domain}' for dictionary value @ data['entity_id']`,
    );
  }
  if (!conn.host.access.canSee(conn.deviceId, entityId)) throw notFound();
  return entityId;
}

/** HA's "no such entity" answers, per command (each file's `get_entity` miss). */
const NOT_FOUND = {
  // weather/websocket_api.py ws_subscribe_forecast
  weather: (id: string) => () => new WsError("invalid_entity_id", `Weather entity not found: ${id}`),
  // todo/__init__.py websocket_handle_subscribe_todo_items
  todoSubscribe: (id: string) => () => new WsError("invalid_entity_id", `To-do list entity not found: ${id}`),
  // todo/__init__.py websocket_handle_todo_item_list / _move, calendar/__init__.py handlers
  entity: () => () => new WsError("not_found", "Entity not found"),
};

const asForwarded = (message: Message) => message as { type: string; [key: string]: unknown };

function feed(domain: string, notFound: (id: string) => () => WsError): Command["run"] {
  return async (conn, id, message) => {
    const entityId = scopedEntity(conn, message, domain, notFound(String(message.entity_id)));
    await new ForwardedFeed(conn, id, entityId).open(asForwarded(message));
  };
}

/**
 * A write HA makes outside the service registry (reordering a to-do list, editing a calendar's
 * events): decided by the scope as the service that does the same would be, so a read-only scope
 * or a read-only rule for the entity refuses it, and audited when refused. Calls that would wait
 * for the admin's confirmation are refused: these commands have no way to hold.
 */
function writeAs(domain: string, service: string): Command["run"] {
  return async (conn, id, message) => {
    const entityId = scopedEntity(conn, message, domain, NOT_FOUND.entity());
    const request: CallServiceRequest = { domain, service, target: { entity_id: [entityId] } };
    const decision = conn.host.access.authorizeServiceCall(conn.deviceId, request);
    if (!decision.ok || decision.confirm.length > 0) {
      const reason = decision.ok ? `${entityId} asks the admin first` : decision.reason;
      conn.host.access.recordRefusedCall(conn.deviceId, conn.ip, request, reason);
      throw unauthorized();
    }
    conn.send(result(id, await conn.host.ha.command(asForwarded(message))));
  };
}

async function itemList(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  scopedEntity(conn, message, "todo", NOT_FOUND.entity());
  conn.send(result(id, await conn.host.ha.command(asForwarded(message))));
}

/** labs/websocket_api.py `websocket_subscribe_feature`: a preview feature's state, about no entity. */
async function labsSubscribe(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  await new ForwardedFeed(conn, id, null).open(asForwarded(message));
}

/**
 * camera/__init__.py `ws_camera_capabilities`. HAsync relays a camera's stills and MJPEG
 * (cameras/) but not HA's HLS or WebRTC streams, so an in-scope camera is described with no
 * frontend stream type, on which HA's frontend shows the MJPEG stream; a hidden one gets HA's
 * `get_camera_from_entity_id` error.
 */
function cameraCapabilities(conn: DeviceConnection, id: number, message: Message): void {
  const entityId = message.entity_id as string;
  if (domainOf(entityId) !== "camera" || !conn.host.access.canSee(conn.deviceId, entityId)) {
    throw new WsError("home_assistant_error", "Camera not found");
  }
  conn.send(result(id, { frontend_stream_types: [] }));
}

const command = (run: Command["run"], schema: Command["schema"]): Command => ({ schema, run });

export const ENTITY_FEED_COMMANDS: CommandRows = [
  [
    "weather/subscribe_forecast",
    command(feed("weather", NOT_FOUND.weather), {
      required: { entity_id: "string", forecast_type: "string" },
    }),
  ],
  [
    "todo/item/subscribe",
    command(feed("todo", NOT_FOUND.todoSubscribe), { required: { entity_id: "string" } }),
  ],
  ["todo/item/list", command(itemList, { required: { entity_id: "string" } })],
  [
    "todo/item/move",
    command(writeAs("todo", "update_item"), {
      required: { entity_id: "string", uid: "string" },
      optional: { previous_uid: "string" },
    }),
  ],
  [
    "calendar/event/subscribe",
    command(feed("calendar", NOT_FOUND.entity), {
      required: { entity_id: "string", start: "string", end: "string" },
    }),
  ],
  [
    "calendar/event/create",
    command(writeAs("calendar", "create_event"), { required: { entity_id: "string", event: "object" } }),
  ],
  [
    "calendar/event/update",
    command(writeAs("calendar", "create_event"), {
      required: { entity_id: "string", uid: "string", event: "object" },
      optional: { recurrence_id: "string", recurrence_range: "string" },
    }),
  ],
  [
    "calendar/event/delete",
    command(writeAs("calendar", "create_event"), {
      required: { entity_id: "string", uid: "string" },
      optional: { recurrence_id: "string", recurrence_range: "string" },
    }),
  ],
  ["camera/capabilities", command(cameraCapabilities, { required: { entity_id: "string" } })],
  ["labs/subscribe", command(labsSubscribe, { required: { domain: "string", preview_feature: "string" } })],
];
