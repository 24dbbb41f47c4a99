import { HaCommandError } from "../ha/types.js";
import type { DeviceConnection } from "./connection.js";
import { COMMANDS, type Message } from "./handlers.js";
import { errorResult, MESSAGES, WsError, type WsErrorCode } from "./messages.js";
import { REFUSED_COMMANDS } from "./refused-commands.js";
import {
  ServiceCallDeclined,
  ServiceCallInvalid,
  ServiceCallRefused,
  ServiceCallThrottled,
} from "./service-calls.js";
import { validateCommand } from "./validate.js";

/** HA's own codes pass through; losing HA mid-call is HA's generic error, with a clear message. */
const PASSTHROUGH: ReadonlySet<string> = new Set<WsErrorCode>([
  "home_assistant_error",
  "service_validation_error",
  "invalid_format",
  "not_found",
  "not_supported",
  "timeout",
  "unauthorized",
  "unknown_error",
  "invalid_start_time",
  "invalid_end_time",
  "invalid_entity_ids",
  "config_not_found",
  "invalid_entity_id",
  "forecast_not_supported",
  "failed",
]);

function errorFor(error: unknown): { code: WsErrorCode; message: string } | null {
  if (error instanceof WsError) return { code: error.code, message: error.message };
  if (error instanceof ServiceCallRefused) return { code: "unauthorized", message: MESSAGES.unauthorized };
  // HA's code for "the action failed" (a HomeAssistantError), which clients show and let the user
  // retry; `unauthorized` would tell them the call is not theirs to make at all.
  if (error instanceof ServiceCallThrottled || error instanceof ServiceCallDeclined) {
    return { code: "home_assistant_error", message: error.message };
  }
  if (error instanceof ServiceCallInvalid)
    return { code: "service_validation_error", message: error.message };
  if (error instanceof HaCommandError) {
    if (PASSTHROUGH.has(error.code)) return { code: error.code as WsErrorCode, message: error.message };
    if (error.code === "not_connected" || error.code === "connection_lost") {
      return { code: "home_assistant_error", message: error.message };
    }
    return { code: "unknown_error", message: error.message };
  }
  return null;
}

/** The one place a command's failure becomes HA's error result. */
function fail(conn: DeviceConnection, id: number, error: unknown): void {
  const mapped = errorFor(error);
  if (mapped === null) {
    conn.host.log.error("a device command failed", { error });
    conn.send(errorResult(id, "unknown_error", "Unknown error"));
    return;
  }
  conn.send(errorResult(id, mapped.code, mapped.message));
}

export function dispatch(conn: DeviceConnection, id: number, type: string, message: Message): void {
  const command = COMMANDS.get(type);
  if (command === undefined) {
    conn.send(
      REFUSED_COMMANDS.has(type)
        ? errorResult(id, "unauthorized", MESSAGES.unauthorized)
        : errorResult(id, "unknown_command", MESSAGES.unknownCommand),
    );
    return;
  }
  try {
    validateCommand(message, command.schema);
    const pending = command.run(conn, id, message);
    if (pending instanceof Promise) pending.catch((error: unknown) => fail(conn, id, error));
  } catch (error) {
    fail(conn, id, error);
  }
}
