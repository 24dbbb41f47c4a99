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
      | "not_supported"
      // lovelace/websocket.py, weather/websocket_api.py, todo/__init__.py
      | "config_not_found"
      | "invalid_entity_id"
      | "forecast_not_supported"
      | "failed",
    message: string,
  ) {
    super(message);
    this.name = "HaError";
  }
}

export const invalidFormat = (message: string) => new HaError("invalid_format", message);
export const validationError = (message: string) => new HaError("service_validation_error", message);
