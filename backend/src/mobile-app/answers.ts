/**
 * What a webhook answers, in the shapes of HA's `mobile_app/helpers.py` (`webhook_response`,
 * `empty_okay_response`, `error_response`) and aiohttp's plain-text HTTP exceptions. Handlers
 * return one; routes.ts writes it.
 */
export type WebhookAnswer =
  | { status: number; json: unknown }
  | { status: number; text: string; retryAfterS?: number }
  /** An empty body with no content type: `aiohttp.web.Response(status=...)`. */
  | { status: number; empty: true };

/** `webhook_response(data)`: the JSON as it is (HAsync never encrypts: no registration has a secret). */
export const webhookResponse = (json: unknown, status = 200): WebhookAnswer => ({ status, json });

/** `empty_okay_response()`: `{}`, 200 unless told otherwise. */
export const emptyOkay = (status = 200): WebhookAnswer => ({ status, json: {} });

/** `error_response(code, message)`: `{"success": false, "error": {code, message}}`, 400. */
export const errorResponse = (code: string, message: string, status = 400): WebhookAnswer => ({
  status,
  json: { success: false, error: { code, message } },
});

/** aiohttp's HTTP exception body, `"<status>: <reason>"` (e.g. HTTPBadRequest: "400: Bad Request"). */
export const aiohttpText = (status: number, reason: string, retryAfterS?: number): WebhookAnswer => ({
  status,
  text: `${status}: ${reason}`,
  ...(retryAfterS === undefined ? {} : { retryAfterS }),
});

/**
 * webhook/__init__.py `async_handle_webhook`: an id with no handler is answered 200 with nothing,
 * "to not give away if a hook exists or not".
 */
export const UNKNOWN_WEBHOOK: WebhookAnswer = { status: 200, empty: true };

/**
 * HAsync's refusal of a webhook type that would act outside the device's scope (fire_event,
 * scan_tag, conversation_process): HA's webhook error shape with the WebSocket API's own code and
 * words for a refused command (`websocket_api/const.py` ERR_UNAUTHORIZED, "Unauthorized").
 */
export const REFUSED = errorResponse("unauthorized", "Unauthorized");
