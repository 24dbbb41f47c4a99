/**
 * Errors a service call or command can end in, carrying HA's websocket error code
 * (homeassistant/components/websocket_api/const.py) so one place maps them to the wire.
 */
export class HaError extends Error {
  constructor(
    readonly code:
      | "invalid_format"
      | "not_found"
      | "service_validation_error"
      | "home_assistant_error"
      | "unknown_command"
      | "not_supported",
    message: string,
  ) {
    super(message);
    this.name = "HaError";
  }
}

export const invalidFormat = (message: string) => new HaError("invalid_format", message);
export const validationError = (message: string) => new HaError("service_validation_error", message);
