import type { AuditPage } from "hasync";
import {
  type Connection,
  callService,
  createConnection,
  createLongLivedTokenAuth,
  ERR_INVALID_AUTH,
  getConfig,
  getServices,
  getStates,
  type HassEntities,
  type HassEvent,
  subscribeEntities,
} from "home-assistant-js-websocket";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { signedPicture, withoutSignatures } from "../test-support/cameras.js";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";

/**
 * The proof of issue 6: home-assistant-js-websocket, unmodified, as the device, with a device
 * token in place of an HA token and HAsync's address in place of HA's.
 */
let fx: GatewayFixture;
let kitchen: { token: string; deviceId: string };
let living: { token: string; deviceId: string };
const open: Connection[] = [];

beforeAll(async () => {
  // The library opens sockets with the global WebSocket, which Node 20 does not have.
  vi.stubGlobal("WebSocket", WebSocket);
  fx = await startGatewayFixture();
  const k = await fx.pair({ areas: ["kitchen"], access: "control" }, "Kitchen tablet");
  const l = await fx.pair({ areas: ["living_room"], access: "read" }, "Living room TV");
  kitchen = { token: k.token, deviceId: k.device.id };
  living = { token: l.token, deviceId: l.device.id };
});

afterAll(async () => {
  for (const conn of open) conn.close();
  await fx.close();
  vi.unstubAllGlobals();
});

async function connect(token: string): Promise<Connection> {
  const conn = await createConnection({ auth: createLongLivedTokenAuth(fx.url, token) });
  open.push(conn);
  return conn;
}

const scopeOf = (deviceId: string) => [...fx.server.hasync.devices.entitiesOf(deviceId)].sort();

function watchEntities(conn: Connection): { current: HassEntities } {
  const view = { current: {} as HassEntities };
  subscribeEntities(conn, (entities) => {
    view.current = entities;
  });
  return view;
}

describe("home-assistant-js-websocket against HAsync", () => {
  it("authenticates with a device token and reports the upstream HA version", async () => {
    const conn = await connect(kitchen.token);
    expect(conn.haVersion).toBe("2026.11.3");
  });

  it("shows the device online to the admin while a socket is open", async () => {
    const { token, device } = await fx.pair({ areas: ["bedroom"] }, "Bedside");
    const online = async () =>
      ((await (await fx.admin(`/devices/${device.id}`)).json()) as { online: boolean }).online;
    expect(await online()).toBe(false);
    const conn = await createConnection({ auth: createLongLivedTokenAuth(fx.url, token) });
    expect(await online()).toBe(true);
    conn.close();
    // A bound on a hang, not a measurement: the close is noticed once the socket's close event runs.
    const deadline = Date.now() + 10_000;
    while ((await online()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await online()).toBe(false);
  });

  it("refuses a wrong token the way HA does", async () => {
    const wrong = `hasync_${"A".repeat(43)}`;
    await expect(createConnection({ auth: createLongLivedTokenAuth(fx.url, wrong) })).rejects.toBe(
      ERR_INVALID_AUTH,
    );
  });

  it("getStates returns exactly the device's scope, without credentials", async () => {
    const conn = await connect(kitchen.token);
    const states = await getStates(conn);
    const ids = states.map((s) => s.entity_id).sort();
    expect(ids).toEqual(scopeOf(kitchen.deviceId));
    expect(ids).toContain("light.kitchen_spots");
    expect(ids).not.toContain("lock.front_door");

    const cameraDevice = await fx.pair({ entities: ["camera.driveway"] }, "Gate display");
    const camera = await getStates(await connect(cameraDevice.token));
    expect(camera.map((s) => s.entity_id)).toEqual(["camera.driveway"]);
    // HAsync's own signed picture, never HA's camera token.
    expect(camera[0]?.attributes).toMatchObject(signedPicture("camera.driveway"));
    expect(withoutSignatures(JSON.stringify(camera))).not.toMatch(/access_token|token=/);
  });

  it("getConfig describes the place, not where HA lives", async () => {
    const config = (await getConfig(await connect(kitchen.token))) as unknown as Record<string, unknown>;
    expect(config).toMatchObject({
      location_name: "Demo Home",
      version: "2026.11.3",
      time_zone: "Europe/Amsterdam",
    });
    expect(config.currency).toBe("EUR");
    for (const hidden of ["internal_url", "external_url", "latitude", "longitude", "config_dir"]) {
      expect(config).not.toHaveProperty(hidden);
    }
  });

  it("getServices lists only what the device may call", async () => {
    const control = await getServices(await connect(kitchen.token));
    const domains = new Set(scopeOf(kitchen.deviceId).map((id) => id.split(".")[0]));
    expect(control.light).toHaveProperty("turn_on");
    expect(control).not.toHaveProperty("lock");
    for (const domain of Object.keys(control))
      expect(domains.has(domain) || domain === "homeassistant").toBe(true);
    expect(await getServices(await connect(living.token))).toEqual({});
  });

  it("subscribeEntities sees the scope and its live changes, and nothing else", async () => {
    const view = watchEntities(await connect(kitchen.token));
    await waitFor(() => Object.keys(view.current).length > 0, 10_000, "the first entities event");
    expect(Object.keys(view.current).sort()).toEqual(scopeOf(kitchen.deviceId));
    fx.ha.setState("lock.front_door", "unlocked");
    fx.ha.setState("sensor.fridge_power", "101.5");
    await waitFor(() => view.current["sensor.fridge_power"]?.state === "101.5", 10_000, "the fridge change");
    expect(view.current).not.toHaveProperty("lock.front_door");
    expect(Object.keys(view.current).sort()).toEqual(scopeOf(kitchen.deviceId));
  });

  it("subscribeEvents gets state_changed for the scope only; other event types are refused", async () => {
    const conn = await connect(kitchen.token);
    const events: HassEvent[] = [];
    await conn.subscribeEvents<HassEvent>((event) => events.push(event), "state_changed");
    fx.ha.setState("lock.front_door", "locked");
    fx.ha.setState("sensor.coffee_maker_power", "2.5");
    await waitFor(() => events.length > 0, 10_000, "a state_changed event");
    expect(events.map((e) => e.data.entity_id)).toEqual(["sensor.coffee_maker_power"]);
    expect(events[0]?.data.new_state?.state).toBe("2.5");
    await expect(conn.subscribeEvents(() => {})).rejects.toMatchObject({ code: "unauthorized" });
    await expect(conn.subscribeEvents(() => {}, "call_service")).rejects.toMatchObject({
      code: "unauthorized",
    });
  });

  it("callService in scope reaches HA rewritten to explicit entities; the change comes back", async () => {
    const conn = await connect(kitchen.token);
    const view = watchEntities(conn);
    await waitFor(() => view.current["light.kitchen_spots"], 10_000, "the kitchen light");
    const calls = fx.ha.serviceCalls.length;
    const target = { entity_id: "light.kitchen_spots" };
    const answer = await callService(conn, "light", "turn_on", { brightness: 77 }, target);
    expect(answer).toHaveProperty("context");
    expect(fx.ha.serviceCalls.slice(calls)).toEqual([
      expect.objectContaining({ domain: "light", service: "turn_on" }),
    ]);
    expect(JSON.stringify(fx.ha.serviceCalls.at(-1))).toContain("light.kitchen_spots");
    await waitFor(
      () => view.current["light.kitchen_spots"]?.attributes.brightness === 77,
      3000,
      "brightness",
    );
    expect(view.current["light.kitchen_spots"]?.state).toBe("on");
  });

  it("callService out of scope, or from a read-only device, is refused, audited and never sent", async () => {
    const calls = fx.ha.serviceCalls.length;
    const conn = await connect(kitchen.token);
    await expect(
      callService(conn, "lock", "unlock", undefined, { entity_id: "lock.front_door" }),
    ).rejects.toMatchObject({ code: "unauthorized" });
    await expect(callService(conn, "light", "turn_off", { entity_id: "all" })).rejects.toMatchObject({
      code: "unauthorized",
    });
    const reader = await connect(living.token);
    await expect(
      callService(reader, "light", "turn_on", undefined, { entity_id: "light.living_room_ceiling" }),
    ).rejects.toMatchObject({ code: "unauthorized" });
    expect(fx.ha.serviceCalls.length).toBe(calls);
    const audit = (await (await fx.admin("/audit?type=gateway.call_refused")).json()) as AuditPage;
    expect(audit.entries.map((e) => e.actor)).toEqual([living.deviceId, kitchen.deviceId, kitchen.deviceId]);
  });

  it("HA's own errors come back in HA's shape", async () => {
    const conn = await connect(kitchen.token);
    await expect(
      callService(conn, "light", "turn_on", { brightness: "very" }, { entity_id: "light.kitchen_spots" }),
    ).rejects.toMatchObject({ code: "invalid_format" });
  });
});

describe("live scope, outages and revocation", () => {
  it("widening and narrowing the scope adds and removes entities on open subscriptions", async () => {
    const { token, device } = await fx.pair({ entities: ["light.kitchen_spots"], access: "read" }, "Guest");
    const conn = await connect(token);
    const view = watchEntities(conn);
    const events: HassEvent[] = [];
    await conn.subscribeEvents<HassEvent>((event) => events.push(event), "state_changed");
    await waitFor(() => view.current["light.kitchen_spots"], 10_000, "the initial entity");
    const patch = (entities: string[]) =>
      fx.admin(`/devices/${device.id}`, { method: "PATCH", body: JSON.stringify({ scope: { entities } }) });

    expect((await patch(["light.kitchen_spots", "lock.front_door"])).status).toBe(200);
    await waitFor(() => view.current["lock.front_door"], 10_000, "the lock to arrive");
    expect(events.at(-1)?.data).toMatchObject({ entity_id: "lock.front_door", old_state: null });

    expect((await patch(["lock.front_door"])).status).toBe(200);
    await waitFor(() => !view.current["light.kitchen_spots"], 10_000, "the light to leave");
    expect(Object.keys(view.current)).toEqual(["lock.front_door"]);
    expect(events.at(-1)?.data).toMatchObject({ entity_id: "light.kitchen_spots", new_state: null });
    expect((await getStates(conn)).map((s) => s.entity_id)).toEqual(["lock.front_door"]);
  });

  it("a registry move carries an entity into an area scope, and out again", async () => {
    const view = watchEntities(await connect(kitchen.token));
    await waitFor(() => view.current["light.kitchen_spots"], 10_000, "the kitchen");
    fx.ha.moveEntityToArea("light.hallway", "kitchen");
    await waitFor(() => view.current["light.hallway"], 10_000, "the moved light to arrive");
    fx.ha.moveEntityToArea("light.hallway", "hallway");
    await waitFor(() => !view.current["light.hallway"], 10_000, "the moved light to leave");
  });

  it("device sockets stay open while HA restarts, then receive what changed meanwhile", async () => {
    const conn = await connect(kitchen.token);
    let disconnects = 0;
    conn.addEventListener("disconnected", () => disconnects++);
    const view = watchEntities(conn);
    await waitFor(() => view.current["sensor.fridge_power"], 10_000, "the kitchen");
    fx.ha.setAvailable(false);
    fx.ha.dropConnections();
    await waitFor(() => !fx.server.hasync.ha.status().connected, 10_000, "HAsync to notice");
    fx.ha.setState("sensor.fridge_power", "77.7");
    fx.ha.setAvailable(true);
    await waitFor(() => view.current["sensor.fridge_power"]?.state === "77.7", 10_000, "the resynced value");
    expect(disconnects).toBe(0);
    expect(conn.connected).toBe(true);
  });

  it("revoking a device closes its sockets at once and its token stops working", async () => {
    const { token, device } = await fx.pair({ areas: ["office"] }, "Lost phone");
    const conn = await connect(token);
    const lost: unknown[] = [];
    conn.addEventListener("reconnect-error", (_c, error) => lost.push(error));
    const started = Date.now();
    expect((await fx.admin(`/devices/${device.id}`, { method: "DELETE" })).status).toBe(204);
    await waitFor(() => lost.length > 0, 10_000, "the library to give up");
    expect(lost).toEqual([ERR_INVALID_AUTH]);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
