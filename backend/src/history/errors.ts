import { WsError } from "../gateway/messages.js";

/**
 * HA's own answers to bad history, logbook and statistics requests
 * (history/websocket_api.py, logbook/websocket_api.py, recorder/websocket_api.py).
 */
export const invalidStartTime = () => new WsError("invalid_start_time", "Invalid start_time");
export const invalidEndTime = () => new WsError("invalid_end_time", "Invalid end_time");
export const invalidEntityIds = () => new WsError("invalid_entity_ids", "Invalid entity_ids");

/** HAsync's own bound (HA has none): a request for more entities than this is refused, not cut. */
export const MAX_ENTITY_IDS = 2_000;
export const tooManyEntities = () =>
  new WsError(
    "not_allowed",
    `Too many entities in one request (limit ${MAX_ENTITY_IDS}); ask for fewer entity_ids.`,
  );
