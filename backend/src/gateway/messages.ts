/**
 * What the gateway says to devices, in Home Assistant's own WebSocket shapes
 * (core `websocket_api/messages.py`, `const.py`), so an unmodified HA client understands it.
 * Builders return JSON text: event payloads are serialised once per change and spliced into
 * every subscriber's frame instead of being re-stringified per socket.
 * Protocol: https://developers.home-assistant.io/docs/api/websocket
 */

/** HA's websocket error codes the gateway answers with. */
export type WsErrorCode =
  | "invalid_format"
  | "not_found"
  | "unknown_command"
  | "unauthorized"
  | "not_allowed"
  | "id_reuse"
  | "home_assistant_error"
  | "service_validation_error"
  | "not_supported"
  | "timeout"
  | "unknown_error"
  // history, logbook and recorder commands (history/websocket_api.py, logbook/websocket_api.py)
  | "invalid_start_time"
  | "invalid_end_time"
  | "invalid_entity_ids"
  // lovelace/websocket.py, weather/websocket_api.py, todo/__init__.py
  | "config_not_found"
  | "invalid_entity_id"
  | "forecast_not_supported"
  | "failed";

/** Thrown by command handlers; the dispatcher turns it into HA's error result. */
export class WsError extends Error {
  constructor(
    readonly code: WsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "WsError";
  }
}

/** HA's own wording for the errors clients may match on. */
export const MESSAGES = {
  unauthorized: "Unauthorized",
  unknownCommand: "Unknown command.",
  idReuse: "Identifier values have to increase.",
  incorrectlyFormatted: "Message incorrectly formatted.",
  invalidToken: "Invalid access token or password",
  subscriptionNotFound: "Subscription not found.",
} as const;

/**
 * HA has no such limit, so no wording of its own: `not_allowed` is the code its
 * `websocket_api/const.py` (ERR_NOT_ALLOWED) has for a request it will not carry out.
 */
export const tooManySubscriptions = (limit: number) =>
  new WsError("not_allowed", `Too many subscriptions on this connection (limit ${limit}).`);

export const unauthorized = () => new WsError("unauthorized", MESSAGES.unauthorized);

/** Why the gateway closes a device socket: 1xxx codes from RFC 6455, 4xxx codes private to HAsync. */
export const CLOSE = {
  stopping: { code: 1001, reason: "HAsync is stopping" },
  unsupportedData: { code: 1003, reason: "binary frames are not supported" },
  authFailed: { code: 1008, reason: "authentication failed" },
  authTimeout: { code: 1008, reason: "no auth message within 10 seconds" },
  invalidJson: { code: 1008, reason: "invalid JSON" },
  tooManyConnections: { code: 1013, reason: "too many device connections; try again later" },
  tooManyForDevice: { code: 1013, reason: "too many connections for this device; try again later" },
  revoked: { code: 4001, reason: "revoked" },
  slowReader: { code: 4008, reason: "send buffer full: the device is not reading fast enough" },
  deadPeer: { code: 4009, reason: "no answer to keep-alive ping" },
} as const;
export type CloseReason = (typeof CLOSE)[keyof typeof CLOSE];

export const authRequired = (haVersion: string) =>
  JSON.stringify({ type: "auth_required", ha_version: haVersion });
export const authOk = (haVersion: string) => JSON.stringify({ type: "auth_ok", ha_version: haVersion });
export const authInvalid = (message: string) => JSON.stringify({ type: "auth_invalid", message });

/** `result` with an already serialised payload (`null` when the command returns nothing). */
export const resultJson = (id: number, resultJsonText = "null") =>
  `{"id":${id},"type":"result","success":true,"result":${resultJsonText}}`;

export const result = (id: number, value: unknown = null) => resultJson(id, JSON.stringify(value ?? null));

export const errorResult = (id: number | null, code: WsErrorCode, message: string) =>
  JSON.stringify({ id, type: "result", success: false, error: { code, message } });

export const pong = (id: number) => `{"id":${id},"type":"pong"}`;

/** `event` with an already serialised event payload. */
export const eventJson = (id: number, eventJsonText: string) =>
  `{"id":${id},"type":"event","event":${eventJsonText}}`;
