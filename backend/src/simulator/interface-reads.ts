import type { Command } from "./commands.js";

/**
 * Small reads HA's interface makes on start and in the Overview, as HA answers them:
 * recorder/websocket_api.py `ws_info`, sensor/websocket_api.py `ws_numeric_device_classes`,
 * weather/websocket_api.py `ws_convertible_units` and usage_prediction/__init__.py
 * `ws_common_control` (the entities the user turns on and off most, by the time of day).
 */

const RECORDER_INFO = {
  backlog: 0,
  max_backlog: 65000,
  migration_in_progress: false,
  migration_is_live: false,
  recording: true,
  thread_running: true,
};

/** sensor/const.py: the device classes whose states are numbers (a subset, in HA's order). */
const NUMERIC_DEVICE_CLASSES = [
  "apparent_power",
  "battery",
  "energy",
  "humidity",
  "illuminance",
  "power",
  "pressure",
  "temperature",
  "voltage",
];

const WEATHER_UNITS = {
  precipitation_unit: ["in", "mm"],
  pressure_unit: ["hPa", "inHg", "mbar", "mmHg"],
  temperature_unit: ["°C", "°F"],
  visibility_unit: ["km", "mi"],
  wind_speed_unit: ["km/h", "m/s", "mph"],
};

/** The demo owner's habits: the coffee maker, the kitchen spots, the alarm. */
const COMMON_CONTROL = ["switch.coffee_maker", "light.kitchen_spots", "alarm_control_panel.home_alarm"];

const constant = (value: unknown): Command => ({ schema: {}, handle: (conn, id) => conn.result(id, value) });

export const INTERFACE_READ_COMMANDS: Record<string, Command> = {
  "recorder/info": constant(RECORDER_INFO),
  "sensor/numeric_device_classes": constant({ numeric_device_classes: NUMERIC_DEVICE_CLASSES }),
  "weather/convertible_units": constant({ units: WEATHER_UNITS }),
  "usage_prediction/common_control": constant({ entities: COMMON_CONTROL }),
};
