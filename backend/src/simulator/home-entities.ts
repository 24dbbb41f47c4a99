/**
 * The demo home's entities as data (see `home.ts` for the areas and devices they belong to).
 * Area rule exercised on purpose: most entities inherit their device's area, `camera.driveway` and
 * `sensor.bedroom_temperature` override it with their own, a few have no area at all, and
 * `sensor.outdoor_comfort_index` is a YAML entity with a state but no registry entry.
 */

export interface DriftSpec {
  min: number;
  max: number;
  step: number;
  decimals: number;
}

export interface EntityRow {
  id: string;
  name: string;
  state: string;
  device?: string;
  /** The entity's own area: overrides its device's. */
  area?: string;
  attributes?: Record<string, unknown>;
  category?: "config" | "diagnostic";
  labels?: string[];
  drift?: DriftSpec;
  /** YAML entity without unique_id: has a state, no entity registry entry. */
  unregistered?: true;
}

/** Random walk of a drifting sensor: [min, max, largest step, decimals]. */
type Walk = [number, number, number, number];

export const TEMP = { device_class: "temperature", state_class: "measurement", unit_of_measurement: "°C" };
const HUMIDITY = { device_class: "humidity", state_class: "measurement", unit_of_measurement: "%" };
const POWER = { device_class: "power", state_class: "measurement", unit_of_measurement: "W" };
const BATTERY = { device_class: "battery", state_class: "measurement", unit_of_measurement: "%" };
const CT_LIGHT = {
  supported_color_modes: ["color_temp"],
  min_color_temp_kelvin: 2200,
  max_color_temp_kelvin: 6500,
};
const COLOR_LIGHT = { supported_color_modes: ["color_temp", "hs"], effect_list: ["None", "candle", "fire"] };
const DIM_LIGHT = { supported_color_modes: ["brightness"] };
const OFF_LIGHT = { color_mode: null, brightness: null, supported_features: 40 };

export const ENTITIES: EntityRow[] = [
  light("light.living_room_ceiling", "Living Room Ceiling", "living_ceiling", CT_LIGHT, 180, "color_temp"),
  light("light.living_room_floor_lamp", "Floor Lamp", "living_floor_lamp", COLOR_LIGHT),
  {
    id: "media_player.living_room_tv",
    name: "Living Room TV",
    device: "living_tv",
    state: "playing",
    attributes: {
      device_class: "tv",
      volume_level: 0.3,
      is_volume_muted: false,
      media_content_type: "tvshow",
      media_title: "Planet Earth III",
      media_series_title: "Planet Earth",
      app_name: "Netflix",
      source: "Netflix",
      source_list: ["TV", "HDMI 1", "Netflix", "YouTube"],
      supported_features: 23997,
    },
  },
  {
    id: "climate.living_room",
    name: "Thermostat",
    device: "living_thermostat",
    state: "heat",
    attributes: {
      hvac_modes: ["off", "heat", "cool", "heat_cool", "auto"],
      min_temp: 7,
      max_temp: 35,
      target_temp_step: 0.5,
      current_temperature: 21.3,
      temperature: 21.5,
      current_humidity: 45,
      hvac_action: "heating",
      preset_mode: "home",
      preset_modes: ["away", "home", "sleep"],
      supported_features: 401,
    },
  },
  sensor(
    "sensor.living_room_temperature",
    "Living Room Temperature",
    "living_thermostat",
    TEMP,
    21.3,
    [19, 24, 0.2, 1],
  ),
  sensor(
    "sensor.living_room_humidity",
    "Living Room Humidity",
    "living_thermostat",
    HUMIDITY,
    45,
    [35, 60, 1, 0],
  ),
  {
    ...sensor(
      "sensor.bedroom_temperature",
      "Bedroom Temperature",
      "living_thermostat",
      TEMP,
      18.4,
      [16, 21, 0.2, 1],
    ),
    area: "bedroom",
  },
  binary("binary_sensor.living_room_window", "Living Room Window", "living_window", "window", "off"),
  {
    id: "scene.movie_night",
    name: "Movie Night",
    area: "living_room",
    state: "unknown",
    attributes: {
      entity_id: ["light.living_room_ceiling", "light.living_room_floor_lamp", "media_player.living_room_tv"],
      id: "1700000000001",
    },
  },
  light("light.kitchen_spots", "Kitchen Spots", "kitchen_spots", DIM_LIGHT),
  plug("switch.coffee_maker", "Coffee Maker", "kitchen_plug", "off"),
  power("sensor.coffee_maker_power", "Coffee Maker Power", "kitchen_plug", 0.8, 0, 3),
  power("sensor.fridge_power", "Fridge Power", "fridge_plug", 92, 60, 140),
  {
    ...binary("binary_sensor.kitchen_water_leak", "Sink Leak", "kitchen_leak", "moisture", "off"),
    labels: ["security"],
  },
  battery("sensor.kitchen_water_leak_battery", "Sink Leak Battery", "kitchen_leak", 87),
  {
    id: "lock.front_door",
    name: "Front Door",
    device: "front_door_lock",
    state: "locked",
    attributes: { supported_features: 1 },
    labels: ["security"],
  },
  battery("sensor.front_door_lock_battery", "Front Door Lock Battery", "front_door_lock", 64),
  binary("binary_sensor.hallway_motion", "Hallway Motion", "hallway_motion", "motion", "off"),
  {
    id: "alarm_control_panel.home_alarm",
    name: "Home Alarm",
    device: "alarm_panel",
    state: "disarmed",
    attributes: { code_format: "number", changed_by: null, code_arm_required: false, supported_features: 7 },
    labels: ["security"],
  },
  light("light.hallway", "Hallway Light", "hallway_light", DIM_LIGHT),
  light("light.office_desk_lamp", "Desk Lamp", "office_lamp", COLOR_LIGHT, 200, "color_temp"),
  plug("switch.office_monitor", "Monitor", "office_plug", "on"),
  power("sensor.office_monitor_power", "Monitor Power", "office_plug", 31, 20, 45),
  sensor("sensor.office_co2", "Office CO2", "office_air", co2(), 640, [450, 1100, 15, 0]),
  sensor("sensor.office_temperature", "Office Temperature", "office_air", TEMP, 22.1, [19, 24, 0.2, 1]),
  fan("fan.office_fan", "Office Fan", "office_fan", "off", 0),
  light("light.bedroom_ceiling", "Bedroom Ceiling", "bedroom_ceiling", DIM_LIGHT),
  light("light.bedside_lamp", "Bedside Lamp", "bedside_lamp", COLOR_LIGHT),
  {
    id: "cover.bedroom_blinds",
    name: "Bedroom Blinds",
    device: "bedroom_blinds",
    state: "open",
    attributes: { device_class: "blind", current_position: 100, supported_features: 15 },
  },
  fan("fan.bedroom_purifier", "Air Purifier", "bedroom_purifier", "on", 40),
  sensor("sensor.bedroom_pm25", "Bedroom PM2.5", "bedroom_purifier", pm25(), 8, [2, 25, 1, 0]),
  sensor("sensor.bathroom_humidity", "Bathroom Humidity", "bathroom_sensor", HUMIDITY, 62, [45, 85, 2, 0]),
  sensor(
    "sensor.bathroom_temperature",
    "Bathroom Temperature",
    "bathroom_sensor",
    TEMP,
    22.8,
    [20, 25, 0.2, 1],
  ),
  light("light.bathroom_mirror", "Mirror Light", "bathroom_mirror", DIM_LIGHT),
  {
    id: "cover.garage_door",
    name: "Garage Door",
    device: "garage_door",
    state: "closed",
    attributes: { device_class: "garage", supported_features: 3 },
    labels: ["security"],
  },
  // The camera's access_token and tokenised entity_picture are filled in when the home is built.
  {
    id: "camera.driveway",
    name: "Driveway",
    device: "driveway_camera",
    area: "garden",
    state: "idle",
    attributes: {
      brand: "Reolink",
      model_name: "RLC-810A",
      frontend_stream_type: "hls",
      supported_features: 2,
    },
    labels: ["security"],
  },
  power("sensor.house_power", "House Power", "energy_meter", 840, 250, 3200),
  {
    id: "sensor.house_energy",
    name: "House Energy",
    device: "energy_meter",
    state: "18234.6",
    attributes: { device_class: "energy", state_class: "total_increasing", unit_of_measurement: "kWh" },
    labels: ["energy"],
  },
  sensor("sensor.outdoor_temperature", "Outdoor Temperature", "weather_station", TEMP, 11.2, [2, 18, 0.3, 1]),
  sensor("sensor.outdoor_humidity", "Outdoor Humidity", "weather_station", HUMIDITY, 74, [50, 95, 2, 0]),
  plug("switch.garden_sprinkler", "Sprinkler", "garden_valve", "off"),
  light("light.garden_path", "Garden Path", "garden_lights", DIM_LIGHT),
  {
    id: "weather.forecast_home",
    name: "Forecast Home",
    device: "forecast_home",
    state: "partlycloudy",
    attributes: {
      temperature: 11.2,
      humidity: 74,
      pressure: 1016.4,
      wind_bearing: 230,
      wind_speed: 14.8,
      temperature_unit: "°C",
      pressure_unit: "hPa",
      wind_speed_unit: "km/h",
      visibility_unit: "km",
      precipitation_unit: "mm",
      attribution: "Weather forecast from met.no, delivered by the Norwegian Meteorological Institute.",
      supported_features: 3,
    },
  },
  {
    id: "sun.sun",
    name: "Sun",
    state: "above_horizon",
    attributes: {
      next_dawn: "2026-11-04T06:41:12+00:00",
      next_dusk: "2026-11-03T17:02:45+00:00",
      elevation: 18.4,
      azimuth: 201.7,
      rising: false,
    },
  },
  {
    id: "person.alex",
    name: "Alex",
    state: "home",
    attributes: {
      id: "alex",
      device_trackers: ["device_tracker.alex_phone"],
      source: "device_tracker.alex_phone",
      user_id: "8f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f",
    },
  },
  {
    id: "input_boolean.guest_mode",
    name: "Guest Mode",
    state: "off",
    attributes: { editable: true, icon: "mdi:account-multiple" },
  },
  {
    id: "script.good_night",
    name: "Good Night",
    state: "off",
    attributes: { last_triggered: null, mode: "single", current: 0, icon: "mdi:weather-night" },
  },
  { id: "sensor.outdoor_comfort_index", name: "Outdoor Comfort", state: "comfortable", unregistered: true },
];

function light(
  id: string,
  name: string,
  device: string,
  modes: object,
  brightness?: number,
  mode?: string,
): EntityRow {
  const on = brightness !== undefined;
  const attributes = on
    ? { ...modes, color_mode: mode ?? "brightness", brightness, supported_features: 40 }
    : { ...modes, ...OFF_LIGHT };
  return { id, name, device, state: on ? "on" : "off", attributes };
}

function sensor(
  id: string,
  name: string,
  device: string,
  base: object,
  value: number,
  walk: Walk,
): EntityRow {
  const [min, max, step, decimals] = walk;
  return {
    id,
    name,
    device,
    state: String(value),
    attributes: { ...base },
    drift: { min, max, step, decimals },
  };
}

function power(id: string, name: string, device: string, value: number, min: number, max: number): EntityRow {
  return { ...sensor(id, name, device, POWER, value, [min, max, (max - min) / 20, 1]), labels: ["energy"] };
}

function battery(id: string, name: string, device: string, value: number): EntityRow {
  return { id, name, device, state: String(value), attributes: { ...BATTERY }, category: "diagnostic" };
}

function binary(id: string, name: string, device: string, deviceClass: string, state: string): EntityRow {
  return { id, name, device, state, attributes: { device_class: deviceClass } };
}

function plug(id: string, name: string, device: string, state: string): EntityRow {
  return { id, name, device, state, attributes: { device_class: "outlet" } };
}

function fan(id: string, name: string, device: string, state: string, percentage: number): EntityRow {
  return {
    id,
    name,
    device,
    state,
    attributes: {
      percentage,
      percentage_step: 1,
      preset_mode: null,
      preset_modes: null,
      supported_features: 49,
    },
  };
}

function co2(): object {
  return { device_class: "carbon_dioxide", state_class: "measurement", unit_of_measurement: "ppm" };
}

function pm25(): object {
  return { device_class: "pm25", state_class: "measurement", unit_of_measurement: "µg/m³" };
}
