import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  json,
  type MobileAppFixture,
  sendWebhook,
  startMobileAppFixture,
  webhookIdOf,
} from "../test-support/mobile-app.js";
import { pairDevice } from "../test-support/pairing.js";

/**
 * `/api/webhook/<id>` for an app registered through HAsync, each type answered from the device's
 * scope (kitchen, plus zone.home) and compared with what HA's mobile_app/webhook.py answers.
 */
let fx: MobileAppFixture;
let webhookId: string;

beforeAll(async () => {
  fx = await startMobileAppFixture();
  fx.ha.setState("zone.home", "1", { friendly_name: "Home", latitude: 52.1, longitude: 4.3, radius: 100 });
  fx.ha.setState("zone.work", "0", { friendly_name: "Work", latitude: 52.3, longitude: 4.9, radius: 200 });
  await fx.server.hasync.ha.waitUntilSynced(5000);
  const { token } = await pairDevice(
    fx.server.url,
    { areas: ["kitchen"], entities: ["zone.home", "camera.driveway"], access: "control" },
    "Anna's phone",
  );
  webhookId = await webhookIdOf(fx.server.url, token);
});

afterAll(async () => {
  await fx?.close();
});

const send = (body: unknown) => sendWebhook(fx.server.url, webhookId, body);
const haConfig = async () =>
  (await (
    await fetch(`${fx.ha.url}/api/config`, { headers: { authorization: `Bearer ${fx.ha.token}` } })
  ).json()) as Record<string, unknown>;

describe("an HA app's webhook through HAsync", () => {
  it("answers get_config with HA's webhook fields from the device's scope, no cloud URLs", async () => {
    const answer = await send({ type: "get_config" });
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/json/);
    const mine = json(answer) as Record<string, unknown>;
    const direct = await haConfig();
    // webhook.py webhook_get_config's keys, cloudhook_url and remote_ui_url only with HA's cloud.
    expect(Object.keys(mine).sort()).toEqual(
      [
        "components",
        "elevation",
        "entities",
        "hass_device_id",
        "latitude",
        "location_name",
        "longitude",
        "theme_color",
        "time_zone",
        "unit_system",
        "version",
      ].sort(),
    );
    for (const key of ["location_name", "time_zone", "unit_system", "version", "latitude", "longitude"]) {
      expect([key, mine[key]]).toEqual([key, direct[key]]);
    }
    expect(mine).toMatchObject({ hass_device_id: null, theme_color: "#03A9F4", entities: {} });
    const components = mine.components as string[];
    expect(components).toEqual(expect.arrayContaining(["mobile_app", "light", "camera"]));
    for (const hidden of ["zha", "hue", "lock", "config"]) expect(components).not.toContain(hidden);
  });

  it("answers get_zones with the in-scope zones only, as HA's states", async () => {
    const zones = json(await send({ type: "get_zones" })) as Array<Record<string, unknown>>;
    expect(zones.map((zone) => zone.entity_id)).toEqual(["zone.home"]);
    const direct = (await (
      await fetch(`${fx.ha.url}/api/states/zone.home`, {
        headers: { authorization: `Bearer ${fx.ha.token}` },
      })
    ).json()) as Record<string, unknown>;
    expect(zones[0]).toMatchObject({ state: direct.state, attributes: direct.attributes });
  });

  it("passes an in-scope call_service to HA through the gateway, and refuses one outside without forwarding", async () => {
    const before = fx.ha.serviceCalls.length;
    const inScope = await send({
      type: "call_service",
      data: { domain: "light", service: "turn_on", service_data: { entity_id: "light.kitchen_spots" } },
    });
    expect([inScope.status, json(inScope)]).toEqual([200, {}]);
    expect(fx.ha.serviceCalls.slice(before)).toEqual([
      expect.objectContaining({ domain: "light", service: "turn_on" }),
    ]);
    const outside = await send({
      type: "call_service",
      data: { domain: "light", service: "turn_on", service_data: { entity_id: "light.bedroom_ceiling" } },
    });
    // webhook.py webhook_call_service: any failure raises HTTPBadRequest.
    expect(outside).toMatchObject({ status: 400, text: "400: Bad Request" });
    const unknownService = await send({
      type: "call_service",
      data: { domain: "homeassistant", service: "restart" },
    });
    expect(unknownService.status).toBe(400);
    expect(fx.ha.serviceCalls.length).toBe(before + 1);
  });

  it("answers stream_camera with HAsync's MJPEG path in scope and as HA's unknown camera outside", async () => {
    expect(
      json(await send({ type: "stream_camera", data: { camera_entity_id: "camera.driveway" } })),
    ).toEqual({
      mjpeg_path: "/api/camera_proxy_stream/camera.driveway",
      hls_path: null,
    });
    for (const entity of ["camera.nowhere", "light.bedroom_ceiling", "light.kitchen_spots"]) {
      const answer = await send({ type: "stream_camera", data: { camera_entity_id: entity } });
      expect([entity, answer.status, json(answer)]).toEqual([entity, 400, { success: false }]);
    }
  });

  it("refuses what acts on the whole house in HA's webhook error shape; nothing reaches HA", async () => {
    const before = fx.ha.serviceCalls.length;
    const refused = { success: false, error: { code: "unauthorized", message: "Unauthorized" } };
    for (const message of [
      { type: "fire_event", data: { event_type: "ios.action_fired", event_data: {} } },
      { type: "scan_tag", data: { tag_id: "front-door" } },
      { type: "conversation_process", data: { text: "unlock the front door" } },
    ]) {
      const answer = await send(message);
      expect([message.type, answer.status, json(answer)]).toEqual([message.type, 400, refused]);
    }
    expect(
      json(await send({ type: "render_template", data: { a: { template: "{{ states.lock }}" } } })),
    ).toEqual({
      a: { error: "Templates are not rendered for this device: they can read the whole home." },
    });
    const encryption = await send({ type: "enable_encryption" });
    expect([encryption.status, json(encryption)]).toEqual([
      400,
      { success: false, error: { code: "encryption_not_available", message: "Encryption is unavailable" } },
    ]);
    expect(fx.ha.serviceCalls.length).toBe(before);
  });

  it("never writes the phone's sensors or location into HA, answering as HA answers what it does not take", async () => {
    const sensor = { type: "sensor", unique_id: "battery_level", state: 80, name: "Battery" };
    expect(await send({ type: "register_sensor", data: sensor })).toMatchObject({ status: 200, text: "{}" });
    const updates = json(
      await send({
        type: "update_sensor_states",
        data: [
          { type: "sensor", unique_id: "battery_level", state: 79 },
          { type: "binary_sensor", unique_id: "charging", state: true },
        ],
      }),
    );
    expect(updates).toEqual({
      battery_level: {
        success: false,
        error: { code: "not_registered", message: "sensor battery_level is not registered" },
      },
      charging: {
        success: false,
        error: { code: "not_registered", message: "binary_sensor charging is not registered" },
      },
    });
    expect(
      await send({ type: "update_location", data: { gps: [52.1, 4.3], gps_accuracy: 10, battery: 80 } }),
    ).toMatchObject({ status: 200, text: "{}" });
    expect(fx.server.hasync.ha.getState("sensor.annas_phone_battery")).toBeUndefined();
  });

  it("keeps update_registration and answers HA's safe registration", async () => {
    const answer = await send({
      type: "update_registration",
      data: {
        app_version: "2026.12",
        device_name: "Anna's new phone",
        manufacturer: "Apple",
        model: "iPhone17,1",
        os_version: "19.2",
        app_data: { push_token: "new-push-token", push_websocket_channel: true },
      },
    });
    expect(json(answer)).toEqual({
      app_data: { push_websocket_channel: true },
      app_id: "io.robbie.HomeAssistant",
      app_name: "Home Assistant",
      app_version: "2026.12",
      device_name: "Anna's new phone",
      manufacturer: "Apple",
      model: "iPhone17,1",
      os_name: "iOS",
      os_version: "19.2",
      supports_encryption: false,
    });
    const stored = fx.server.db.prepare("SELECT registration FROM mobile_app_registrations").all();
    expect(JSON.stringify(stored)).toContain("Anna's new phone");
    expect(JSON.stringify(stored)).not.toContain("new-push-token");
  });

  it("answers hostile and malformed bodies as HA's handle_webhook does, and keeps answering", async () => {
    const cases: Array<[unknown, number, string]> = [
      ["{nope", 400, "{}"],
      ["", 400, "{}"],
      [`{"type":"get_config","data":${"[".repeat(100)}${"]".repeat(100)}}`, 400, "{}"],
      [[{ type: "get_config" }], 200, "{}"],
      [{ type: "get_config", extra: 1 }, 200, "{}"],
      [{ type: { nested: true } }, 200, "{}"],
      [{ type: "get_config", data: "text" }, 200, "{}"],
      [{ type: "get_config", encrypted: true, encrypted_data: "AAAA" }, 200, "{}"],
      [{ type: "no_such_type" }, 200, "{}"],
      [{ type: "call_service", data: { domain: "light" } }, 200, "{}"],
      [{ type: "call_service", data: { domain: "light", service: "turn_on", service_data: [] } }, 200, "{}"],
      [{ type: "update_sensor_states", data: [{ unique_id: "x" }] }, 200, "{}"],
      [{ type: "render_template", data: { a: "no" } }, 200, "{}"],
    ];
    for (const [body, status, text] of cases) {
      const answer = await send(body);
      expect([body, answer.status, answer.text]).toEqual([body, status, text]);
    }
    const huge = await send({
      type: "update_sensor_states",
      data: [{ type: "sensor", unique_id: "x".repeat(300_000) }],
    });
    expect(huge).toMatchObject({ status: 413, text: "413: Request Entity Too Large" });
    const get = await sendWebhook(fx.server.url, webhookId, undefined, "GET");
    expect(get).toMatchObject({ status: 405, text: "" });
    const del = await sendWebhook(fx.server.url, webhookId, {}, "DELETE");
    expect(del).toMatchObject({ status: 405, text: "405: Method Not Allowed" });
    expect(json(await send({ type: "get_zones" }))).toHaveLength(1);
    expect(fx.server.lines.join("\n")).not.toContain(webhookId);
  });
});
