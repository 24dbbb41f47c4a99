/**
 * The demo home as data: where it is, its floors, areas, labels and devices, and what its scenes
 * and scripts do. Entities live in `home-entities.ts`. Protocol code never hard-codes any of it.
 */

export interface DeviceRow {
  key: string;
  name: string;
  area: string | null;
  manufacturer: string;
  model: string;
  integration: string;
  service?: true;
}

/** A service call a scene or script makes, as a user would write it in YAML. */
export interface ActionRow {
  domain: string;
  service: string;
  data?: Record<string, unknown>;
  target: { entity_id: string | string[] };
}

/** Fields of `get_config` that describe the place (the server adds version, components, state...). */
export const LOCATION = {
  location_name: "Demo Home",
  latitude: 52.3731,
  longitude: 4.8922,
  elevation: 2,
  radius: 100,
  time_zone: "Europe/Amsterdam",
  country: "NL",
  language: "en",
  currency: "EUR",
  unit_system: {
    length: "km",
    accumulated_precipitation: "mm",
    area: "m²",
    mass: "g",
    pressure: "Pa",
    temperature: "°C",
    volume: "L",
    wind_speed: "m/s",
  },
  // Real HA reports where it can be reached; HAsync must never pass these on to devices.
  internal_url: "http://homeassistant.local:8123",
  external_url: "https://demo-home.example:8123",
};

/** The code the alarm panel wants for disarming (arming needs none: `code_arm_required: false`). */
export const ALARM_CODE = "4321";

export const FLOORS = [
  { floor_id: "ground_floor", name: "Ground floor", level: 0, icon: "mdi:home-floor-0" },
  { floor_id: "first_floor", name: "First floor", level: 1, icon: "mdi:home-floor-1" },
];

export const AREAS = [
  { area_id: "living_room", name: "Living Room", floor_id: "ground_floor", icon: "mdi:sofa" },
  { area_id: "kitchen", name: "Kitchen", floor_id: "ground_floor", icon: "mdi:stove" },
  { area_id: "hallway", name: "Hallway", floor_id: "ground_floor", icon: "mdi:door" },
  { area_id: "office", name: "Office", floor_id: "ground_floor", icon: "mdi:desk" },
  { area_id: "garage", name: "Garage", floor_id: "ground_floor", icon: "mdi:garage" },
  { area_id: "bedroom", name: "Bedroom", floor_id: "first_floor", icon: "mdi:bed" },
  { area_id: "bathroom", name: "Bathroom", floor_id: "first_floor", icon: "mdi:shower" },
  { area_id: "garden", name: "Garden", floor_id: null, icon: "mdi:flower" },
];

/** Areas that report a climate sensor, as HA 2025+ stores it on the area. */
export const AREA_SENSORS: Record<string, { temperature?: string; humidity?: string }> = {
  living_room: { temperature: "sensor.living_room_temperature", humidity: "sensor.living_room_humidity" },
  bathroom: { temperature: "sensor.bathroom_temperature", humidity: "sensor.bathroom_humidity" },
};

export const LABELS = [
  { label_id: "security", name: "Security", color: "red", icon: "mdi:shield-home" },
  { label_id: "energy", name: "Energy", color: "amber", icon: "mdi:lightning-bolt" },
];

export const DEVICES: DeviceRow[] = [
  d("living_ceiling", "Living Room Ceiling", "living_room", "Signify", "Hue White Ambiance", "hue"),
  d("living_floor_lamp", "Floor Lamp", "living_room", "Signify", "Hue Go", "hue"),
  d("living_tv", "Living Room TV", "living_room", "Samsung", "QE55Q80C", "samsungtv"),
  d("living_thermostat", "Thermostat", "living_room", "ecobee", "Smart Thermostat Premium", "ecobee"),
  d("living_window", "Living Room Window", "living_room", "Aqara", "MCCGQ11LM", "zha"),
  d("kitchen_spots", "Kitchen Spots", "kitchen", "IKEA", "TRADFRI GU10", "zha"),
  d("kitchen_plug", "Coffee Maker Plug", "kitchen", "Shelly", "Plug S", "shelly"),
  d("fridge_plug", "Fridge Plug", "kitchen", "Shelly", "Plug S", "shelly"),
  d("kitchen_leak", "Sink Leak Sensor", "kitchen", "Aqara", "SJCGQ11LM", "zha"),
  d("front_door_lock", "Front Door Lock", "hallway", "Nuki", "Smart Lock 4", "nuki"),
  d("hallway_motion", "Hallway Motion", "hallway", "Aqara", "RTCGQ11LM", "zha"),
  d("alarm_panel", "Alarm Base Station", "hallway", "Ring", "Alarm Base Station", "ring"),
  d("hallway_light", "Hallway Light", "hallway", "IKEA", "TRADFRI E27", "zha"),
  d("office_lamp", "Desk Lamp", "office", "Signify", "Hue Iris", "hue"),
  d("office_plug", "Monitor Plug", "office", "Shelly", "Plug S", "shelly"),
  d("office_air", "Office Air Monitor", "office", "Netatmo", "Healthy Home Coach", "netatmo"),
  d("office_fan", "Office Fan", "office", "Dyson", "Pure Cool", "dyson"),
  d("bedroom_ceiling", "Bedroom Ceiling", "bedroom", "Signify", "Hue White", "hue"),
  d("bedside_lamp", "Bedside Lamp", "bedroom", "Signify", "Hue Go", "hue"),
  d("bedroom_blinds", "Bedroom Blinds", "bedroom", "Somfy", "Sonesse 30", "somfy"),
  d("bedroom_purifier", "Air Purifier", "bedroom", "Xiaomi", "Air Purifier 4", "xiaomi_miio"),
  d("bathroom_sensor", "Bathroom Multisensor", "bathroom", "Aeotec", "MultiSensor 7", "zwave_js"),
  d("bathroom_mirror", "Mirror Light", "bathroom", "IKEA", "TRADFRI LED", "zha"),
  d("garage_door", "Garage Door", "garage", "Meross", "MSG100", "meross"),
  d("driveway_camera", "Driveway Camera", "garage", "Reolink", "RLC-810A", "reolink"),
  d("energy_meter", "Energy Meter", "garage", "Shelly", "Pro 3EM", "shelly"),
  d("weather_station", "Weather Station", "garden", "Netatmo", "Outdoor Module", "netatmo"),
  d("garden_valve", "Sprinkler Valve", "garden", "Gardena", "Smart Water Control", "gardena"),
  d("garden_lights", "Garden Path Lights", "garden", "Signify", "Hue Calla", "hue"),
  { ...d("forecast_home", "Forecast Home", null, "Met.no", "Forecast", "met"), service: true },
];

function d(
  key: string,
  name: string,
  area: string | null,
  manufacturer: string,
  model: string,
  integration: string,
): DeviceRow {
  return { key, name, area, manufacturer, model, integration };
}

export const SCENES: Record<string, ActionRow[]> = {
  "scene.movie_night": [
    {
      domain: "light",
      service: "turn_on",
      data: { brightness: 40, color_temp_kelvin: 2200 },
      target: { entity_id: "light.living_room_ceiling" },
    },
    { domain: "light", service: "turn_off", target: { entity_id: "light.living_room_floor_lamp" } },
    { domain: "media_player", service: "media_play", target: { entity_id: "media_player.living_room_tv" } },
  ],
};

export const SCRIPTS: Record<string, ActionRow[]> = {
  "script.good_night": [
    { domain: "light", service: "turn_off", target: { entity_id: "all" } },
    { domain: "media_player", service: "turn_off", target: { entity_id: "media_player.living_room_tv" } },
    { domain: "cover", service: "close_cover", target: { entity_id: "cover.bedroom_blinds" } },
    { domain: "lock", service: "lock", target: { entity_id: "lock.front_door" } },
    {
      domain: "alarm_control_panel",
      service: "alarm_arm_night",
      target: { entity_id: "alarm_control_panel.home_alarm" },
    },
  ],
};
