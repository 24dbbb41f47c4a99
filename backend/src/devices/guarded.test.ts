import type { ScopeResolveResponse } from "hasync";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/**
 * Access per entity and limits through a real gateway (issue 15): the same commands and requests
 * directly against the demo HA (its admin token) and through HAsync (a device token), with the
 * simulator's call log proving what reached HA.
 */
let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture();
});

afterAll(async () => {
  await fx.close();
});

type Message = Record<string, unknown>;

async function socket(url: string, token: string): Promise<RawHaClient> {
  const client = await RawHaClient.authenticated(url, token);
  onTestFinished(() => client.close());
  return client;
}

let nextId = 1;
async function command(client: RawHaClient, message: Message): Promise<Message> {
  const id = nextId++;
  client.send({ id, ...message });
  return client.reply(id);
}

const rest = (base: string, token: string, path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  });

const ids = (states: unknown) => (states as Array<{ entity_id: string }>).map((s) => s.entity_id);

describe("a hidden entity", () => {
  // One hidden by its own rule, one by its domain's; the kitchen's light stays.
  const scope = {
    areas: ["kitchen"],
    access: "control" as const,
    entity_access: { "switch.coffee_maker": "hidden" as const },
    domain_access: { binary_sensor: "hidden" as const },
  };
  const hidden = ["switch.coffee_maker", "binary_sensor.kitchen_water_leak"];

  it("is absent from get_states, subscribe_entities, the entity registry, REST states and the preview", async () => {
    const { token, device } = await fx.pair(scope, "Hides");
    const direct = await socket(fx.ha.url, fx.ha.token);
    const mine = await socket(fx.url, token);

    const theirs = ids((await command(direct, { type: "get_states" })).result);
    for (const id of hidden) expect(theirs).toContain(id);
    const states = ids((await command(mine, { type: "get_states" })).result);
    expect(states).toContain("light.kitchen_spots");
    for (const id of hidden) expect(states).not.toContain(id);

    const subscribed = await command(mine, { type: "subscribe_entities" });
    expect(subscribed.success).toBe(true);
    const first = await mine.waitFor((m) => m.id === subscribed.id && m.type === "event");
    const added = Object.keys((first.event as { a: Record<string, unknown> }).a);
    expect(added).toContain("light.kitchen_spots");
    for (const id of hidden) expect(added).not.toContain(id);

    const registry = ids((await command(mine, { type: "config/entity_registry/list" })).result);
    expect(registry).toContain("light.kitchen_spots");
    for (const id of hidden) expect(registry).not.toContain(id);
    const directRegistry = ids((await command(direct, { type: "config/entity_registry/list" })).result);
    for (const id of hidden) expect(directRegistry).toContain(id);

    const restStates = ids(await (await rest(fx.url, token, "/api/states")).json());
    expect(restStates).toContain("light.kitchen_spots");
    for (const id of hidden) expect(restStates).not.toContain(id);
    for (const id of hidden) {
      expect((await rest(fx.ha.url, fx.ha.token, `/api/states/${id}`)).status).toBe(200);
      // HA's answer for an entity that does not exist, as for any entity outside the scope.
      expect((await rest(fx.url, token, `/api/states/${id}`)).status).toBe(404);
    }
    const preview = (await (await fx.admin(`/devices/${device.id}/preview`)).json()) as { entities: unknown };
    expect(ids(preview.entities)).toContain("light.kitchen_spots");
    for (const id of hidden) expect(ids(preview.entities)).not.toContain(id);
  });

  it("leaves a live subscription the moment the admin hides it, and cannot be called", async () => {
    const { token, device } = await fx.pair({ areas: ["kitchen"], access: "control" }, "Hidden later");
    const mine = await socket(fx.url, token);
    const subscribed = await command(mine, { type: "subscribe_entities" });
    await mine.waitFor((m) => m.id === subscribed.id && m.type === "event");
    const patched = await fx.admin(`/devices/${device.id}`, {
      method: "PATCH",
      body: JSON.stringify({
        scope: { areas: ["kitchen"], access: "control", domain_access: { light: "hidden" } },
      }),
    });
    expect(patched.status).toBe(200);
    const removal = await mine.waitFor(
      (m) => m.id === subscribed.id && m.type === "event" && Array.isArray((m.event as { r?: unknown }).r),
    );
    expect((removal.event as { r: string[] }).r).toContain("light.kitchen_spots");
    expect(fx.server.hasync.devices.accessOf(device.id, "light.kitchen_spots")).toBeNull();
    const calls = fx.ha.serviceCalls.length;
    const answer = await command(mine, {
      type: "call_service",
      domain: "light",
      service: "turn_on",
      target: { entity_id: "light.kitchen_spots" },
    });
    expect(answer).toMatchObject({ success: false, error: { code: "unauthorized" } });
    expect(fx.ha.serviceCalls.length).toBe(calls);
  });

  it("is left out of the admin's scope preview, whose access never says hidden", async () => {
    const res = await fx.admin("/scope/resolve", {
      method: "POST",
      body: JSON.stringify({
        areas: ["hallway"],
        access: "control",
        domain_access: { binary_sensor: "hidden" },
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ScopeResolveResponse;
    expect(body.entity_ids).not.toContain("binary_sensor.hallway_motion");
    expect(body.access["light.hallway"]).toBe("control");
    expect(body.access["lock.front_door"]).toBe("confirm");
    expect(body.access["alarm_control_panel.home_alarm"]).toBe("confirm");
    expect(Object.values(body.access)).not.toContain("hidden");
    expect(Object.keys(body.access).sort()).toEqual([...body.entity_ids].sort());
  });
});

describe("access per entity over the gateway", () => {
  it("lets a read scope call the entity a rule gives control, and only that", async () => {
    const { token, device } = await fx.pair(
      { areas: ["kitchen"], access: "read", entity_access: { "light.kitchen_spots": "control" } },
      "Reader with a light",
    );
    const devices = fx.server.hasync.devices;
    expect(devices.accessOf(device.id, "light.kitchen_spots")).toBe("control");
    expect(devices.accessOf(device.id, "switch.coffee_maker")).toBe("read");
    expect(devices.accessOf(device.id, "light.hallway")).toBeNull();
    const mine = await socket(fx.url, token);
    const services = (await command(mine, { type: "get_services" })).result as Record<string, unknown>;
    expect(Object.keys(services).sort()).toEqual(["homeassistant", "light"]);

    const calls = fx.ha.serviceCalls.length;
    const allowed = await command(mine, {
      type: "call_service",
      domain: "light",
      service: "turn_on",
      target: { entity_id: "light.kitchen_spots" },
    });
    expect(allowed.success).toBe(true);
    expect(fx.ha.serviceCalls.slice(calls)).toMatchObject([
      { domain: "light", service: "turn_on", target: { entity_id: ["light.kitchen_spots"] } },
    ]);
    const refused = await command(mine, {
      type: "call_service",
      domain: "homeassistant",
      service: "turn_on",
      target: { entity_id: ["light.kitchen_spots", "switch.coffee_maker"] },
    });
    expect(refused).toMatchObject({ success: false, error: { code: "unauthorized" } });
    expect(fx.ha.serviceCalls.length).toBe(calls + 1);
    const audit = (await (await fx.admin("/audit?type=gateway.call_refused")).json()) as {
      entries: unknown[];
    };
    expect(audit.entries[0]).toMatchObject({
      actor: device.id,
      detail: {
        service: "homeassistant.turn_on",
        reason: "switch.coffee_maker is read-only for this device",
      },
    });
  });

  it("marks a lock's call for confirmation on a control scope, unless a rule says control", async () => {
    const { device } = await fx.pair({ areas: ["hallway"], access: "control" }, "Hall");
    const devices = fx.server.hasync.devices;
    const unlock = { domain: "lock", service: "unlock", target: { entity_id: "lock.front_door" } };
    expect(devices.accessOf(device.id, "lock.front_door")).toBe("confirm");
    expect(devices.authorizeServiceCall(device.id, unlock)).toMatchObject({
      ok: true,
      confirm: ["lock.front_door"],
    });
    const trusted = await fx.pair(
      { areas: ["hallway"], access: "control", entity_access: { "lock.front_door": "control" } },
      "Trusted hall",
    );
    expect(devices.authorizeServiceCall(trusted.device.id, unlock)).toMatchObject({ ok: true, confirm: [] });
  });
});

describe("limits over the gateway", () => {
  const scope = {
    areas: ["living_room"],
    access: "control" as const,
    limits: { light_brightness_pct: { max: 60 }, media_volume_pct: { max: 35 } },
  };

  it("answers a value beyond a limit as HA answers a value out of range, and nothing reaches HA", async () => {
    const { token } = await fx.pair(scope, "Limited");
    const mine = await socket(fx.url, token);
    const calls = fx.ha.serviceCalls.length;
    const bright = await command(mine, {
      type: "call_service",
      domain: "light",
      service: "turn_on",
      service_data: { brightness_pct: 90 },
      target: { entity_id: "light.living_room_ceiling" },
    });
    expect(bright).toMatchObject({
      success: false,
      error: {
        code: "service_validation_error",
        message: "Brightness 90 % is above this device's limit of 60 %.",
      },
    });
    // The TV's volume now (0.3 in the demo) plus HA's default step of 0.1.
    const louder = await command(mine, {
      type: "call_service",
      domain: "media_player",
      service: "volume_up",
      target: { entity_id: "media_player.living_room_tv" },
    });
    expect(louder).toMatchObject({
      success: false,
      error: {
        code: "service_validation_error",
        message:
          "Volume 40 % (media_player.living_room_tv after the step) is above this device's limit of 35 %.",
      },
    });
    const res = await rest(fx.url, token, "/api/services/light/turn_on", {
      method: "POST",
      body: JSON.stringify({ entity_id: "light.living_room_ceiling", brightness: 255 }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: "Brightness 100 % is above this device's limit of 60 %." });
    expect(fx.ha.serviceCalls.length).toBe(calls);

    const within = await command(mine, {
      type: "call_service",
      domain: "media_player",
      service: "volume_set",
      service_data: { volume_level: 0.35 },
      target: { entity_id: "media_player.living_room_tv" },
    });
    expect(within.success).toBe(true);
    expect(fx.ha.serviceCalls.slice(calls)).toMatchObject([
      { domain: "media_player", service: "volume_set" },
    ]);
  });
});
