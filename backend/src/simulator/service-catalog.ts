import { SCRIPTS } from "./home.js";
import { NOTIFY_SERVICES } from "./notify.js";
import { PERSISTENT_NOTIFICATION_SERVICES } from "./persistent-notification.js";

/**
 * What `get_services` returns, as data: HA's services.yaml descriptions (name, description,
 * fields with selectors, target, response). The same table validates `call_service` data, so
 * a field the catalog does not list is rejected exactly as HA's voluptuous schemas would.
 */

export interface FieldSpec {
  name: string;
  description?: string;
  required?: boolean;
  example?: unknown;
  selector: Record<string, Record<string, unknown> | null>;
}

export interface ServiceSpec {
  name: string;
  description: string;
  fields: Record<string, FieldSpec>;
  /** Entity services accept entity_id/device_id/area_id/floor_id/label_id. */
  target?: { entity: Array<{ domain: string[] }> };
  /** Present when the service can answer: optional=false means it only works with return_response. */
  response?: { optional: boolean };
}

const num = (name: string, min: number, max: number, step = 1, unit?: string): FieldSpec => ({
  name,
  selector: { number: { min, max, step, mode: "slider", ...(unit ? { unit_of_measurement: unit } : {}) } },
});
const bool = (name: string): FieldSpec => ({ name, selector: { boolean: null } });
const text = (name: string): FieldSpec => ({ name, selector: { text: null } });
const select = (name: string, options: string[]): FieldSpec => ({ name, selector: { select: { options } } });
const required = (field: FieldSpec, example?: unknown): FieldSpec => ({ ...field, required: true, example });
const code = (): FieldSpec => ({ name: "Code", description: "Code to use.", selector: { text: null } });

function service(
  domain: string,
  name: string,
  description: string,
  fields: Record<string, FieldSpec> = {},
): ServiceSpec {
  return { name, description, fields, target: { entity: [{ domain: [domain] }] } };
}

function onOff(
  domain: string,
  noun: string,
  onFields: Record<string, FieldSpec> = {},
): Record<string, ServiceSpec> {
  return {
    turn_on: service(domain, "Turn on", `Turns on ${noun}.`, onFields),
    turn_off: service(domain, "Turn off", `Turns off ${noun}.`),
    toggle: service(domain, "Toggle", `Toggles ${noun} on/off.`),
  };
}

const transition = num("Transition", 0, 300, 1, "seconds");
const HVAC_MODES = ["off", "auto", "cool", "dry", "fan_only", "heat_cool", "heat"];

const LIGHT_ON: Record<string, FieldSpec> = {
  transition,
  brightness: num("Brightness value", 0, 255),
  brightness_pct: num("Brightness", 0, 100, 1, "%"),
  brightness_step: num("Brightness step value", -225, 255),
  brightness_step_pct: num("Brightness step", -100, 100, 1, "%"),
  color_temp_kelvin: num("Color temperature", 2000, 6500, 50, "K"),
  rgb_color: { name: "Color", selector: { color_rgb: null } },
  hs_color: { name: "Hue/Sat color", selector: { object: null } },
  color_name: text("Color name"),
  effect: text("Effect"),
  flash: select("Flash", ["long", "short"]),
  profile: text("Profile"),
};

function scriptServices(): Record<string, ServiceSpec> {
  const out: Record<string, ServiceSpec> = {
    ...onOff("script", "a script"),
    reload: { name: "Reload", description: "Reloads all the available scripts.", fields: {} },
  };
  for (const entityId of Object.keys(SCRIPTS)) {
    const objectId = entityId.split(".")[1] ?? entityId;
    out[objectId] = { name: objectId.replace(/_/g, " "), description: `Runs ${entityId}.`, fields: {} };
  }
  return out;
}

export const SERVICE_CATALOG: Record<string, Record<string, ServiceSpec>> = {
  homeassistant: {
    ...onOff("homeassistant", "any entity that can be turned on or off"),
    update_entity: service(
      "homeassistant",
      "Update entity",
      "Forces one or more entities to update their data.",
    ),
  },
  light: {
    turn_on: service(
      "light",
      "Turn on",
      "Turns on one or more lights and adjusts their properties.",
      LIGHT_ON,
    ),
    turn_off: service("light", "Turn off", "Turns off one or more lights.", {
      transition,
      flash: LIGHT_ON.flash as FieldSpec,
    }),
    toggle: service("light", "Toggle", "Toggles one or more lights.", LIGHT_ON),
  },
  switch: onOff("switch", "a switch"),
  input_boolean: {
    ...onOff("input_boolean", "the helper"),
    reload: { name: "Reload", description: "Reloads helpers from the YAML-configuration.", fields: {} },
  },
  fan: {
    ...onOff("fan", "the fan", {
      percentage: num("Percentage", 0, 100, 1, "%"),
      preset_mode: text("Preset mode"),
    }),
    set_percentage: service("fan", "Set speed", "Sets the fan speed.", {
      percentage: required(num("Percentage", 0, 100, 1, "%"), 50),
    }),
  },
  cover: {
    open_cover: service("cover", "Open", "Opens a cover."),
    close_cover: service("cover", "Close", "Closes a cover."),
    stop_cover: service("cover", "Stop", "Stops the cover movement."),
    toggle: service("cover", "Toggle", "Toggles a cover open/closed."),
    set_cover_position: service("cover", "Set position", "Moves a cover to a specific position.", {
      position: required(num("Position", 0, 100, 1, "%"), 50),
    }),
  },
  lock: {
    lock: service("lock", "Lock", "Locks a lock.", { code: code() }),
    unlock: service("lock", "Unlock", "Unlocks a lock.", { code: code() }),
    open: service("lock", "Open", "Opens a lock.", { code: code() }),
  },
  climate: {
    ...onOff("climate", "climate device"),
    set_temperature: service("climate", "Set target temperature", "Sets the temperature setpoint.", {
      temperature: num("Target temperature", 0, 250, 0.1, "°"),
      target_temp_high: num("Upper target temperature", 0, 250, 0.1, "°"),
      target_temp_low: num("Lower target temperature", 0, 250, 0.1, "°"),
      hvac_mode: select("HVAC mode", HVAC_MODES),
    }),
    set_hvac_mode: service("climate", "Set HVAC mode", "Sets HVAC operation mode.", {
      hvac_mode: required(select("HVAC mode", HVAC_MODES), "heat"),
    }),
    set_preset_mode: service("climate", "Set preset mode", "Sets preset mode.", {
      preset_mode: required(text("Preset mode"), "away"),
    }),
  },
  media_player: {
    ...onOff("media_player", "the media player"),
    media_play: service("media_player", "Play", "Starts playing."),
    media_pause: service("media_player", "Pause", "Pauses."),
    media_play_pause: service("media_player", "Play/Pause", "Toggles play/pause."),
    media_stop: service("media_player", "Stop", "Stops playing."),
    media_next_track: service("media_player", "Next", "Selects the next track."),
    media_previous_track: service("media_player", "Previous", "Selects the previous track."),
    volume_up: service("media_player", "Turn up volume", "Turns up the volume."),
    volume_down: service("media_player", "Turn down volume", "Turns down the volume."),
    volume_set: service("media_player", "Set volume", "Sets the volume level.", {
      volume_level: required(num("Level", 0, 1, 0.01), 0.6),
    }),
    volume_mute: service("media_player", "Mute/unmute volume", "Mutes or unmutes the media player.", {
      is_volume_muted: required(bool("Muted"), true),
    }),
    select_source: service(
      "media_player",
      "Select source",
      "Sends the media player the command to change input source.",
      {
        source: required(text("Source"), "HDMI 1"),
      },
    ),
    join: service("media_player", "Join", "Groups media players together for synchronous playback.", {
      group_members: required(
        { name: "Group members", selector: { entity: { multiple: true, domain: "media_player" } } },
        ["media_player.multiroom_player2"],
      ),
    }),
    unjoin: service("media_player", "Unjoin", "Removes the player from a group."),
  },
  alarm_control_panel: {
    alarm_disarm: service("alarm_control_panel", "Disarm", "Disarms the alarm.", { code: code() }),
    alarm_arm_home: service("alarm_control_panel", "Arm home", "Arms the alarm in the home mode.", {
      code: code(),
    }),
    alarm_arm_away: service("alarm_control_panel", "Arm away", "Arms the alarm in the away mode.", {
      code: code(),
    }),
    alarm_arm_night: service("alarm_control_panel", "Arm night", "Arms the alarm in the night mode.", {
      code: code(),
    }),
    alarm_trigger: service("alarm_control_panel", "Trigger", "Triggers the alarm manually.", {
      code: code(),
    }),
  },
  scene: { turn_on: service("scene", "Activate", "Activates a scene.", { transition }) },
  notify: NOTIFY_SERVICES,
  persistent_notification: PERSISTENT_NOTIFICATION_SERVICES,
  script: scriptServices(),
  weather: {
    get_forecasts: {
      ...service("weather", "Get forecasts", "Get weather forecasts.", {
        type: required(select("Forecast type", ["daily", "hourly", "twice_daily"]), "daily"),
      }),
      response: { optional: false },
    },
  },
};
