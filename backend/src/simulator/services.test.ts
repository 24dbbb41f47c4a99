import {
  type Connection,
  callService,
  createConnection,
  createLongLivedTokenAuth,
  getStates,
  type HassEntity,
} from "home-assistant-js-websocket";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DemoHomeAssistant } from "./index.js";

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

let demo: DemoHomeAssistant;
let conn: Connection;

async function state(entityId: string): Promise<HassEntity> {
  const found = (await getStates(conn)).find((s) => s.entity_id === entityId);
  if (!found) throw new Error(`${entityId} has no state`);
  return found;
}

const call = (domain: string, service: string, data?: object, target?: object) =>
  callService(conn, domain, service, data, target as never);

beforeEach(async () => {
  demo = new DemoHomeAssistant({ driftIntervalMs: 0 });
  await demo.start();
  conn = await createConnection({ auth: createLongLivedTokenAuth(demo.url, demo.token) });
});

afterEach(async () => {
  conn.close();
  await demo.stop();
});

describe("call_service effects", () => {
  it("turns lights on with brightness, colour temperature and colour, off and toggles them", async () => {
    const result = (await call(
      "light",
      "turn_on",
      { brightness_pct: 50 },
      { entity_id: "light.kitchen_spots" },
    )) as {
      context: { id: string; user_id: string };
    };
    expect(result.context.id).toMatch(/^[0-9A-Z]{26}$/);
    const kitchen = await state("light.kitchen_spots");
    expect(kitchen).toMatchObject({ state: "on", attributes: { brightness: 128, color_mode: "brightness" } });
    expect(kitchen.context.id).toBe(result.context.id);
    await call(
      "light",
      "turn_on",
      { color_temp_kelvin: 3000 },
      { entity_id: "light.living_room_floor_lamp" },
    );
    expect((await state("light.living_room_floor_lamp")).attributes).toMatchObject({
      color_mode: "color_temp",
      color_temp_kelvin: 3000,
    });
    await call("light", "turn_on", { rgb_color: [255, 0, 0] }, { entity_id: "light.living_room_floor_lamp" });
    expect((await state("light.living_room_floor_lamp")).attributes).toMatchObject({
      color_mode: "hs",
      hs_color: [0, 100],
    });
    await call("light", "toggle", undefined, { entity_id: "light.kitchen_spots" });
    expect(await state("light.kitchen_spots")).toMatchObject({
      state: "off",
      attributes: { brightness: null },
    });
    await call("light", "turn_on", { entity_id: "light.kitchen_spots", brightness: 0 });
    expect((await state("light.kitchen_spots")).state).toBe("off");
  });

  it("resolves area, device and floor targets with the entity's own area overriding its device's", async () => {
    await call("light", "turn_on", undefined, { area_id: "bedroom" });
    expect((await state("light.bedroom_ceiling")).state).toBe("on");
    expect((await state("light.bedside_lamp")).state).toBe("on");
    expect((await state("light.kitchen_spots")).state).toBe("off");
    await call("homeassistant", "turn_off", undefined, { floor_id: "first_floor" });
    expect((await state("light.bedroom_ceiling")).state).toBe("off");
    expect((await state("fan.bedroom_purifier")).state).toBe("off");
    const devices = (await conn.sendMessagePromise({ type: "config/device_registry/list" })) as Array<{
      id: string;
      name: string;
    }>;
    const plug = devices.find((d) => d.name === "Coffee Maker Plug");
    await call("switch", "turn_on", undefined, { device_id: plug?.id });
    expect((await state("switch.coffee_maker")).state).toBe("on");
  });

  it("targets an area through an entity's own area_id, not its device's", async () => {
    demo.moveEntityToArea("light.kitchen_spots", "office");
    await call("light", "turn_on", undefined, { area_id: "kitchen" });
    expect((await state("light.kitchen_spots")).state).toBe("off");
    await call("light", "turn_on", undefined, { area_id: "office" });
    expect((await state("light.kitchen_spots")).state).toBe("on");
  });

  it("moves covers, locks, fans and the thermostat", async () => {
    await call("cover", "set_cover_position", { position: 30 }, { entity_id: "cover.bedroom_blinds" });
    expect(await state("cover.bedroom_blinds")).toMatchObject({
      state: "open",
      attributes: { current_position: 30 },
    });
    await call("cover", "close_cover", undefined, { entity_id: "cover.bedroom_blinds" });
    expect((await state("cover.bedroom_blinds")).state).toBe("closed");
    await call("homeassistant", "turn_on", undefined, { entity_id: "cover.garage_door" });
    expect((await state("cover.garage_door")).state).toBe("open");
    await call("lock", "unlock", undefined, { entity_id: "lock.front_door" });
    expect((await state("lock.front_door")).state).toBe("unlocked");
    await call("fan", "set_percentage", { percentage: 66 }, { entity_id: "fan.office_fan" });
    expect(await state("fan.office_fan")).toMatchObject({ state: "on", attributes: { percentage: 66 } });
    await call("climate", "set_temperature", { temperature: 19 }, { entity_id: "climate.living_room" });
    expect(await state("climate.living_room")).toMatchObject({
      attributes: { temperature: 19, hvac_action: "idle" },
    });
    await call("climate", "set_hvac_mode", { hvac_mode: "off" }, { entity_id: "climate.living_room" });
    expect((await state("climate.living_room")).state).toBe("off");
  });

  it("plays, pauses and sets the volume of the media player", async () => {
    await call("media_player", "media_pause", undefined, { entity_id: "media_player.living_room_tv" });
    expect((await state("media_player.living_room_tv")).state).toBe("paused");
    await call(
      "media_player",
      "volume_set",
      { volume_level: 0.55 },
      { entity_id: "media_player.living_room_tv" },
    );
    expect((await state("media_player.living_room_tv")).attributes.volume_level).toBe(0.55);
    await call("media_player", "media_play_pause", undefined, { entity_id: "media_player.living_room_tv" });
    expect((await state("media_player.living_room_tv")).state).toBe("playing");
  });

  it("arms without a code and disarms only with the right one", async () => {
    await call("alarm_control_panel", "alarm_arm_away", undefined, {
      entity_id: "alarm_control_panel.home_alarm",
    });
    expect((await state("alarm_control_panel.home_alarm")).state).toBe("armed_away");
    await expect(
      call(
        "alarm_control_panel",
        "alarm_disarm",
        { code: "0000" },
        { entity_id: "alarm_control_panel.home_alarm" },
      ),
    ).rejects.toEqual({
      code: "service_validation_error",
      message: "Validation error: Invalid alarm code provided",
    });
    expect((await state("alarm_control_panel.home_alarm")).state).toBe("armed_away");
    await call(
      "alarm_control_panel",
      "alarm_disarm",
      { code: "4321" },
      { entity_id: "alarm_control_panel.home_alarm" },
    );
    expect((await state("alarm_control_panel.home_alarm")).state).toBe("disarmed");
  });

  it("expands a named group to its members, as HA's expand_entity_ids does", async () => {
    demo.setState("group.downstairs", "off", { entity_id: ["light.kitchen_spots", "group.nested"] });
    demo.setState("group.nested", "off", { entity_id: ["switch.coffee_maker", "group.downstairs"] });
    await call("homeassistant", "turn_on", undefined, { entity_id: "group.downstairs" });
    expect((await state("light.kitchen_spots")).state).toBe("on");
    expect((await state("switch.coffee_maker")).state).toBe("on");
    await call("light", "turn_off", undefined, { entity_id: "group.downstairs" });
    expect((await state("light.kitchen_spots")).state).toBe("off");
    expect((await state("switch.coffee_maker")).state).toBe("on");
  });

  it("joins media players that support grouping", async () => {
    demo.setState("media_player.kitchen_speaker", "idle", { supported_features: 524288 });
    await call(
      "media_player",
      "join",
      { group_members: ["media_player.living_room_tv"] },
      {
        entity_id: "media_player.kitchen_speaker",
      },
    );
    expect((await state("media_player.kitchen_speaker")).attributes.group_members).toEqual([
      "media_player.kitchen_speaker",
      "media_player.living_room_tv",
    ]);
    await expect(
      call(
        "media_player",
        "join",
        { group_members: ["media_player.kitchen_speaker"] },
        {
          entity_id: "media_player.living_room_tv",
        },
      ),
    ).rejects.toMatchObject({ code: "service_validation_error" });
  });

  it("runs scenes and scripts as their actions, and input_boolean toggles", async () => {
    await call("scene", "turn_on", undefined, { entity_id: "scene.movie_night" });
    expect(await state("light.living_room_ceiling")).toMatchObject({
      state: "on",
      attributes: { brightness: 40 },
    });
    expect((await state("light.living_room_floor_lamp")).state).toBe("off");
    expect(Date.parse((await state("scene.movie_night")).state)).not.toBeNaN();
    await call("script", "good_night");
    expect((await state("light.living_room_ceiling")).state).toBe("off");
    expect((await state("lock.front_door")).state).toBe("locked");
    expect((await state("alarm_control_panel.home_alarm")).state).toBe("armed_night");
    expect((await state("script.good_night")).attributes.last_triggered).toEqual(expect.any(String));
    await call("input_boolean", "toggle", undefined, { entity_id: "input_boolean.guest_mode" });
    expect((await state("input_boolean.guest_mode")).state).toBe("on");
  });

  it("returns a response when asked and records every call it received", async () => {
    const result = (await callService(
      conn,
      "weather",
      "get_forecasts",
      { type: "daily" },
      { entity_id: "weather.forecast_home" },
      true,
    )) as {
      response: Record<string, { forecast: unknown[] }>;
    };
    expect(result.response["weather.forecast_home"]?.forecast.length).toBeGreaterThan(3);
    expect(demo.serviceCalls.at(-1)).toEqual({
      domain: "weather",
      service: "get_forecasts",
      service_data: { type: "daily" },
      target: { entity_id: "weather.forecast_home" },
    });
  });
});

describe("call_service errors like HA's", () => {
  it.each([
    ["light", "explode", {}, {}, "not_found", "Service light.explode not found."],
    [
      "light",
      "turn_on",
      { brightness: 300 },
      { entity_id: "light.hallway" },
      "invalid_format",
      "value must be at most 255 for dictionary value @ data['brightness']",
    ],
    [
      "light",
      "turn_on",
      { sparkle: true },
      { entity_id: "light.hallway" },
      "invalid_format",
      "extra keys not allowed @ data['sparkle']",
    ],
    [
      "light",
      "turn_on",
      {},
      { entity_id: "Not An Id" },
      "invalid_format",
      "Entity ID Not An Id is an invalid entity ID for dictionary value @ data['entity_id']",
    ],
    [
      "cover",
      "set_cover_position",
      {},
      { entity_id: "cover.bedroom_blinds" },
      "invalid_format",
      "required key not provided @ data['position']",
    ],
    [
      "cover",
      "set_cover_position",
      { position: 50 },
      { entity_id: "cover.garage_door" },
      "service_validation_error",
      "Validation error: Entity cover.garage_door does not support action cover.set_cover_position",
    ],
    [
      "climate",
      "set_temperature",
      { temperature: 40 },
      { entity_id: "climate.living_room" },
      "service_validation_error",
      "Validation error: Provided temperature 40.0 is not valid. Accepted range is 7 to 35.",
    ],
    [
      "weather",
      "get_forecasts",
      { type: "daily" },
      { entity_id: "weather.forecast_home" },
      "service_validation_error",
      "Validation error: The action requires responses and must be called with return_response=True",
    ],
  ])("%s.%s %j %j → %s", async (domain, service, data, target, code, message) => {
    await expect(call(domain, service, data, target)).rejects.toEqual({ code, message });
  });

  it("ignores entities that do not exist, like HA (it only logs them)", async () => {
    await expect(call("light", "turn_on", undefined, { entity_id: "light.nowhere" })).resolves.toHaveProperty(
      "context",
    );
  });

  it("changes nothing for an empty target, and refuses a response it cannot give", async () => {
    await expect(call("light", "turn_on", undefined, { entity_id: [] })).resolves.toHaveProperty("context");
    await expect(
      callService(conn, "weather", "get_forecasts", { type: "daily" }, { entity_id: [] }, true),
    ).rejects.toMatchObject({
      code: "home_assistant_error",
      message: "Service call requested response data but did not match any entities",
    });
  });
});
