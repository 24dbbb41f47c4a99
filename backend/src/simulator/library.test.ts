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
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { DemoHomeAssistant } from "./index.js";
import type { ServiceSpec } from "./service-catalog.js";

// home-assistant-js-websocket opens `new WebSocket(url)`; Node 20 has no global one, so the test
// gives it `ws` (which implements the same addEventListener/readyState surface).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

let demo: DemoHomeAssistant;
const open: Connection[] = [];

async function connect(token = demo.token): Promise<Connection> {
  const conn = await createConnection({ auth: createLongLivedTokenAuth(demo.url, token) });
  open.push(conn);
  return conn;
}

/** The library's entity collection, as a value that follows every update. */
function mirror(conn: Connection): { current: HassEntities } {
  const view = { current: {} as HassEntities };
  subscribeEntities(conn, (entities) => {
    view.current = entities;
  });
  return view;
}

const eventually = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 10 });

beforeEach(async () => {
  demo = new DemoHomeAssistant({ driftIntervalMs: 0, seed: 7 });
  await demo.start();
});

afterEach(async () => {
  for (const conn of open.splice(0)) conn.close();
  await demo.stop();
});

describe("demo HA driven by home-assistant-js-websocket", () => {
  it("authenticates with a long-lived token and reports its version", async () => {
    const conn = await connect();
    expect(conn.haVersion).toBe("2026.11.3");
    expect(conn.connected).toBe(true);
    expect(demo.connectionCount).toBe(1);
  });

  it("rejects a wrong token with auth_invalid, which the library reports as ERR_INVALID_AUTH", async () => {
    await expect(connect("not-the-token")).rejects.toBe(ERR_INVALID_AUTH);
    await eventually(() => expect(demo.connectionCount).toBe(0));
  });

  it("serves a believable home through get_states", async () => {
    const states = await getStates(await connect());
    expect(states.length).toBeGreaterThanOrEqual(30);
    const byId = new Map(states.map((s) => [s.entity_id, s]));
    expect(byId.get("lock.front_door")?.state).toBe("locked");
    expect(byId.get("alarm_control_panel.home_alarm")?.state).toBe("disarmed");
    const camera = byId.get("camera.driveway");
    expect(camera?.attributes.access_token).toMatch(/^[0-9a-f]{64}$/);
    expect(camera?.attributes.entity_picture).toBe(
      `/api/camera_proxy/camera.driveway?token=${camera?.attributes.access_token}`,
    );
    for (const s of states) {
      expect(s.entity_id).toMatch(/^[a-z_]+\.[a-z0-9_]+$/);
      expect(typeof s.attributes.friendly_name).toBe("string");
      expect(Date.parse(s.last_changed)).not.toBeNaN();
      expect(s.context.id).toMatch(/^[0-9A-Z]{26}$/);
    }
  });

  it("answers get_config like HA, including the URLs HAsync must strip", async () => {
    const config = await getConfig(await connect());
    expect(config).toMatchObject({
      location_name: "Demo Home",
      version: "2026.11.3",
      state: "RUNNING",
      currency: "EUR",
    });
    expect(config.unit_system.temperature).toBe("°C");
    expect(config.components).toEqual(expect.arrayContaining(["light", "lock", "websocket_api"]));
    expect(config).toHaveProperty("internal_url");
    expect(config).toHaveProperty("external_url");
  });

  it("describes services with fields, selectors, targets and responses", async () => {
    const services = (await getServices(await connect())) as unknown as Record<
      string,
      Record<string, ServiceSpec>
    >;
    const turnOn = services.light?.turn_on;
    expect(turnOn?.fields.brightness?.selector.number).toMatchObject({ min: 0, max: 255 });
    expect(turnOn?.target).toEqual({ entity: [{ domain: ["light"] }] });
    expect(services.weather?.get_forecasts?.response).toEqual({ optional: false });
    expect(services.script?.good_night).toBeDefined();
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining([
        "homeassistant",
        "cover",
        "lock",
        "climate",
        "media_player",
        "alarm_control_panel",
      ]),
    );
  });

  it("subscribe_entities: initial states equal get_states", async () => {
    const conn = await connect();
    const states = await getStates(conn);
    const view = mirror(conn);
    await eventually(() => expect(Object.keys(view.current)).toHaveLength(states.length));
    for (const s of states) {
      const seen = view.current[s.entity_id];
      expect(seen?.state).toBe(s.state);
      expect(seen?.attributes).toEqual(s.attributes);
      expect(seen?.context).toEqual(s.context);
      expect(seen?.last_changed).toBe(new Date(s.last_changed).toISOString());
      expect(seen?.last_updated).toBe(new Date(s.last_updated).toISOString());
    }
  });

  it("subscribe_entities: diffs, attribute removals, new entities and removals", async () => {
    const conn = await connect();
    const view = mirror(conn);
    await eventually(() => expect(view.current["sensor.office_co2"]).toBeDefined());
    demo.setState("sensor.office_co2", "999");
    await eventually(() => expect(view.current["sensor.office_co2"]?.state).toBe("999"));
    await callService(conn, "media_player", "turn_off", undefined, {
      entity_id: "media_player.living_room_tv",
    });
    await eventually(() => expect(view.current["media_player.living_room_tv"]?.state).toBe("off"));
    const tv = view.current["media_player.living_room_tv"];
    expect(tv?.attributes).not.toHaveProperty("media_title");
    expect(tv?.attributes.friendly_name).toBe("Living Room TV");
    expect(tv?.context.user_id).not.toBeNull();
    demo.removeEntity("sensor.fridge_power");
    await eventually(() => expect(view.current).not.toHaveProperty(["sensor.fridge_power"]));
    demo.setState("sensor.brand_new", "1", { friendly_name: "Brand new" });
    await eventually(() =>
      expect(view.current["sensor.brand_new"]?.attributes).toEqual({ friendly_name: "Brand new" }),
    );
    const states = await getStates(conn);
    for (const s of states) expect(view.current[s.entity_id]?.attributes).toEqual(s.attributes);
    expect(Object.keys(view.current)).toHaveLength(states.length);
  });

  it("subscribe_events state_changed carries old and new state, origin and context", async () => {
    const conn = await connect();
    const events: HassEvent[] = [];
    await conn.subscribeEvents((e: HassEvent) => events.push(e), "state_changed");
    demo.setState("switch.coffee_maker", "on");
    await eventually(() => expect(events).toHaveLength(1));
    const event = events[0] as HassEvent;
    expect(event.event_type).toBe("state_changed");
    expect(event.origin).toBe("LOCAL");
    expect(event.data.entity_id).toBe("switch.coffee_maker");
    expect(event.data.old_state.state).toBe("off");
    expect(event.data.new_state.state).toBe("on");
    expect(event.context.id).toBe(event.data.new_state.context.id);
    demo.setState("switch.coffee_maker", "on");
    await conn.ping();
    expect(events).toHaveLength(1);
  });

  it("lets the library reconnect after dropConnections and resubscribe, with outage changes visible", async () => {
    const conn = await connect();
    const view = mirror(conn);
    await eventually(() => expect(view.current["lock.front_door"]?.state).toBe("locked"));
    let ready = 0;
    conn.addEventListener("ready", () => ready++);
    demo.setAvailable(false);
    demo.dropConnections();
    expect(demo.connectionCount).toBe(0);
    await eventually(() => expect(conn.connected).toBe(false));
    demo.setState("lock.front_door", "unlocked");
    demo.setAvailable(true);
    await vi.waitFor(() => expect(ready).toBe(1), { timeout: 8000, interval: 20 });
    expect(demo.connectionCount).toBe(1);
    // The library re-fetches the collection on reconnect, so the outage change shows up.
    await eventually(() => expect(view.current["lock.front_door"]?.state).toBe("unlocked"));
    demo.setState("lock.front_door", "locked");
    await eventually(() => expect(view.current["lock.front_door"]?.state).toBe("locked"));
  }, 15_000);

  it("stalls commands on request so client timeouts can be tested, and recovers", async () => {
    const conn = await connect();
    demo.stallCommands(true);
    const stalled = await Promise.race([
      conn.ping().then(() => "answered"),
      new Promise((resolve) => setTimeout(() => resolve("silent"), 300)),
    ]);
    expect(stalled).toBe("silent");
    demo.stallCommands(false);
    await expect(conn.ping()).resolves.toBeUndefined();
  });
});
