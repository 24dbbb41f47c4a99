import { afterEach, describe, expect, it } from "vitest";
import { type LinkFixture, startLinkFixture, TEST_TOKEN, waitFor } from "../test-support/ha-link.js";
import { haHealthCheck } from "./health.js";
import { HaCommandError, type HaMirror, type StateChange } from "./types.js";

let fixture: LinkFixture | undefined;
const start = async (options?: Parameters<typeof startLinkFixture>[0]) => {
  fixture = await startLinkFixture(options);
  return fixture;
};
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

interface RestState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
  context: { id: string; parent_id: string | null; user_id: string | null };
}

async function restStates(url: string): Promise<RestState[]> {
  const res = await fetch(`${url}/api/states`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } });
  return (await res.json()) as RestState[];
}

const ms = (iso: string) => Date.parse(iso);

/** The mirror's state equals HA's own REST answer (timestamps to the millisecond). */
function expectSame(link: HaMirror, expected: RestState | undefined): void {
  const state = link.getState(expected?.entity_id ?? "");
  expect(state?.state, expected?.entity_id).toBe(expected?.state);
  expect(state?.attributes).toEqual(expected?.attributes);
  expect(state?.context).toEqual(expected?.context);
  expect(ms(state?.last_changed ?? "")).toBe(Math.floor(ms(expected?.last_changed ?? "")));
  expect(ms(state?.last_updated ?? "")).toBe(Math.floor(ms(expected?.last_updated ?? "")));
}

async function expectSameAsRest(url: string, link: HaMirror, entityId: string): Promise<void> {
  expectSame(
    link,
    (await restStates(url)).find((s) => s.entity_id === entityId),
  );
}

describe("HaLink against the demo Home Assistant", () => {
  it("syncs every state, the registries, config and services", async () => {
    const { ha, link } = await start();
    const rest = await restStates(ha.url);
    expect(rest.length).toBeGreaterThanOrEqual(30);
    expect(link.status()).toMatchObject({
      state: "connected",
      mode: "url",
      connected: true,
      entity_count: rest.length,
      last_error: null,
    });
    expect(link.status().ha_version).toMatch(/^\d{4}\.\d+/);
    expect(link.status().url).not.toContain(TEST_TOKEN);
    for (const expected of rest) expectSame(link, expected);
    expect(link.areas().length).toBeGreaterThanOrEqual(5);
    expect(link.floors().map((f) => f.floor_id)).toContain("ground_floor");
    expect(link.labels().map((l) => l.label_id)).toContain("security");
    expect(link.devices().length).toBeGreaterThan(10);
    expect(link.config()?.location_name).toBe("Demo Home");
    expect(Object.keys(link.services())).toContain("light");
  });

  it("resolves areas: own area overrides the device's, device area otherwise, else none", async () => {
    const { link } = await start();
    expect(link.areaOf("light.kitchen_spots")).toBe("kitchen");
    expect(link.areaOf("camera.driveway")).toBe("garden");
    expect(link.areaOf("sensor.bedroom_temperature")).toBe("bedroom");
    expect(link.areaOf("sensor.living_room_temperature")).toBe("living_room");
    expect(link.areaOf("sensor.outdoor_comfort_index")).toBeNull();
    expect(link.getState("sensor.outdoor_comfort_index")).toBeDefined();
    expect(link.entitiesInArea("garden").has("camera.driveway")).toBe(true);
    expect(link.entitiesInArea("garage").has("camera.driveway")).toBe(false);
    const thermostat = link.deviceOf("sensor.bedroom_temperature");
    expect(thermostat).not.toBeNull();
    expect(link.deviceOf("sensor.living_room_temperature")).toBe(thermostat);
    expect(link.entitiesOfDevice(thermostat ?? "")).toContain("sensor.bedroom_temperature");
    expect(link.entitiesInArea("no_such_area").size).toBe(0);
  });

  it("delivers live changes to that entity's watchers only, and in `states` batches", async () => {
    const { ha, link, changes } = await start();
    const desk: StateChange[] = [];
    const hallway: StateChange[] = [];
    link.watchEntity("light.kitchen_spots", (c) => desk.push(c));
    const unwatch = link.watchEntity("light.hallway", (c) => hallway.push(c));
    unwatch();
    const before = link.getState("light.kitchen_spots");
    ha.setState("light.kitchen_spots", "on", { ...before?.attributes, brightness: 200 });
    await waitFor(() => desk.length === 1, 10_000, "the watcher");
    expect(desk[0]?.oldState).toBe(before);
    expect(desk[0]?.newState).toMatchObject({ state: "on", attributes: { brightness: 200 } });
    expect(link.getState("light.kitchen_spots")?.state).toBe("on");
    expect(changes.map((c) => c.entityId)).toEqual(["light.kitchen_spots"]);
    await expectSameAsRest(ha.url, link, "light.kitchen_spots");

    // Attributes only: last_updated moves, last_changed stays.
    ha.setState("light.kitchen_spots", "on", { ...before?.attributes, brightness: 90 });
    await waitFor(() => desk.length === 2, 10_000, "the attribute change");
    expect(desk[1]?.newState?.last_changed).toBe(desk[0]?.newState?.last_changed);
    expect(desk[1]?.newState?.last_updated).not.toBe(desk[0]?.newState?.last_updated);
    await expectSameAsRest(ha.url, link, "light.kitchen_spots");

    await link.callService({ domain: "light", service: "turn_on", target: { entity_id: "light.hallway" } });
    await waitFor(() => link.getState("light.hallway")?.state === "on", 10_000, "the service effect");
    expect(hallway).toEqual([]);

    ha.removeEntity("light.kitchen_spots");
    await waitFor(() => desk.length === 3, 10_000, "the removal");
    expect(desk[2]?.newState).toBeNull();
    expect(link.entitiesInArea("kitchen").has("light.kitchen_spots")).toBe(false);
  });

  it("maps HA's error results to HaCommandError", async () => {
    const { link } = await start();
    const error = await link
      .callService({ domain: "light", service: "no_such_service", target: { entity_id: "light.hallway" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HaCommandError);
    expect((error as HaCommandError).code).toBe("not_found");
  });

  it("re-fetches registries after registry events and reports the area moves", async () => {
    const { ha, link, registryEvents } = await start();
    ha.moveEntityToArea("light.kitchen_spots", "office");
    await waitFor(() => registryEvents.length === 1, 10_000, "the registries event");
    expect(registryEvents[0]?.moved).toEqual([
      { entityId: "light.kitchen_spots", from: "kitchen", to: "office" },
    ]);
    expect(link.areaOf("light.kitchen_spots")).toBe("office");
    expect(link.entitiesInArea("office").has("light.kitchen_spots")).toBe(true);
    expect(link.entitiesInArea("kitchen").has("light.kitchen_spots")).toBe(false);

    // The thermostat's sensors follow their device, except the one with its own area.
    ha.moveDeviceToArea(link.deviceOf("sensor.living_room_temperature") ?? "", "office");
    await waitFor(() => registryEvents.length === 2, 10_000, "the second registries event");
    const moved = registryEvents[1]?.moved ?? [];
    expect(moved).toContainEqual({
      entityId: "sensor.living_room_temperature",
      from: "living_room",
      to: "office",
    });
    expect(moved.map((m) => m.entityId)).not.toContain("sensor.bedroom_temperature");
    expect(link.areaOf("sensor.bedroom_temperature")).toBe("bedroom");

    ha.moveEntityToArea("camera.driveway", null);
    await waitFor(() => registryEvents.length === 3, 10_000, "the third registries event");
    expect(registryEvents[2]?.moved).toEqual([{ entityId: "camera.driveway", from: "garden", to: "garage" }]);
  });

  it("debounces a burst of registry events into one re-fetch", async () => {
    const { ha, link, registryEvents } = await start({ timings: { registryDebounceMs: 60 } });
    ha.moveEntityToArea("light.kitchen_spots", "office");
    ha.moveEntityToArea("light.hallway", "office");
    await waitFor(() => registryEvents.length > 0, 10_000, "the registries event");
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(registryEvents).toHaveLength(1);
    expect(registryEvents[0]?.moved.map((m) => m.entityId)).toEqual(["light.hallway", "light.kitchen_spots"]);
    expect(link.entitiesInArea("office").has("light.hallway")).toBe(true);
  });

  it("notices a Home Assistant that stops answering (ping) and recovers when it answers again", async () => {
    const { ha, link, socketsOpened } = await start({
      timings: { pingIntervalMs: 50, commandTimeoutMs: 100 },
    });
    ha.stallCommands(true);
    await waitFor(() => !link.status().connected, 10_000, "the dead connection to be noticed");
    expect(link.status().last_error).toMatch(/stopped answering|did not answer/);
    ha.stallCommands(false);
    await waitFor(() => link.status().connected, 10_000, "the recovery");
    expect(socketsOpened()).toBeGreaterThanOrEqual(2);
  });

  it("keeps retrying while Home Assistant is unreachable, then syncs", async () => {
    const { ha, link, lines, socketsOpened } = await start();
    ha.setAvailable(false);
    ha.dropConnections();
    await waitFor(() => socketsOpened() >= 4, 10_000, "several attempts");
    expect(link.status()).toMatchObject({ state: "connecting", connected: false });
    expect(link.status().last_error).not.toBeNull();
    ha.setAvailable(true);
    await waitFor(() => link.status().connected, 10_000, "the resync");
    expect(link.status().last_error).toBeNull();
    expect(lines.filter((l) => l.includes("WARN") && l.includes("lost the connection"))).toHaveLength(1);
  });

  it("reconnects after a dropped connection and keeps subscriptions working", async () => {
    const { ha, link, socketsOpened } = await start();
    const statuses: string[] = [];
    link.on("status", (s) => statuses.push(`${s.state}:${s.connected}`));
    ha.dropConnections();
    await waitFor(() => statuses.includes("connected:true"), 10_000, "the resync");
    expect(statuses[0]).toBe("connecting:false");
    expect(socketsOpened()).toBe(2);
    const seen: StateChange[] = [];
    link.watchEntity("switch.coffee_maker", (c) => seen.push(c));
    await link.callService({
      domain: "switch",
      service: "toggle",
      target: { entity_id: "switch.coffee_maker" },
    });
    await waitFor(() => seen.length > 0, 10_000, "a change after the reconnect");
  });

  it("after an outage, emits what changed meanwhile as ordinary changes and moves", async () => {
    const { ha, link, changes, registryEvents } = await start();
    const lock: StateChange[] = [];
    link.watchEntity("lock.front_door", (c) => lock.push(c));
    const oldLock = link.getState("lock.front_door");
    ha.setAvailable(false);
    ha.dropConnections();
    await waitFor(() => !link.status().connected, 10_000, "the outage");
    expect(link.status().state).toBe("connecting");
    ha.setState("lock.front_door", "unlocked");
    ha.removeEntity("switch.office_monitor");
    ha.setState("sensor.new_thing", "42", { friendly_name: "New thing" });
    ha.moveEntityToArea("light.hallway", "garage");
    ha.setAvailable(true);
    await waitFor(() => link.status().connected, 10_000, "the resync");
    await waitFor(() => changes.length >= 3 && registryEvents.length >= 1, 10_000, "the differences");

    const byId = new Map(changes.map((c) => [c.entityId, c]));
    expect(changes).toHaveLength(3);
    expect(byId.get("lock.front_door")).toMatchObject({ oldState: oldLock, newState: { state: "unlocked" } });
    expect(byId.get("switch.office_monitor")?.newState).toBeNull();
    expect(byId.get("sensor.new_thing")).toMatchObject({ oldState: null, newState: { state: "42" } });
    expect(lock).toHaveLength(1);
    // Removing an entity also drops its registry entry, so it leaves its area too.
    expect(registryEvents).toEqual([
      {
        moved: [
          { entityId: "light.hallway", from: "hallway", to: "garage" },
          { entityId: "switch.office_monitor", from: "office", to: null },
        ],
      },
    ]);
    expect(link.getState("switch.office_monitor")).toBeUndefined();
  });

  it("stops on auth_invalid, reports it plainly and does not retry", async () => {
    const { link, socketsOpened, lines } = await start({ token: "wrong-token", sync: false });
    await waitFor(() => link.status().state === "auth_failed", 10_000, "auth_failed");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(socketsOpened()).toBe(1);
    expect(link.status()).toMatchObject({ state: "auth_failed", connected: false });
    expect(link.status().last_error).toMatch(/rejected the access token/);
    expect(haHealthCheck(link)()).toEqual({
      home_assistant: { state: "auth_failed", ha_version: link.status().ha_version },
    });
    expect(lines.join("\n")).not.toContain("wrong-token");
  });

  it("times out a command HA never answers, then carries on", async () => {
    const { ha, link } = await start();
    ha.stallCommands(true);
    const startedAt = Date.now();
    const error = await link
      .callService({ domain: "light", service: "turn_on", target: { entity_id: "light.hallway" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HaCommandError);
    expect((error as HaCommandError).code).toBe("timeout");
    expect((error as Error).message).toMatch(/did not answer call_service/);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    ha.stallCommands(false);
    await expect(
      link.callService({ domain: "light", service: "turn_on", target: { entity_id: "light.hallway" } }),
    ).resolves.toBeDefined();
  });

  it("skips garbage frames and stays connected", async () => {
    const { ha, link, lines, socketsOpened } = await start();
    for (const frame of [
      "not json {",
      '{"no":"type"}',
      "[1, null, 2]",
      '{"type":"event","id":999,"event":{}}',
      '{"type":"result","id":123456,"success":true}',
      '{"type":"surprise"}',
    ]) {
      ha.sendRawToAll(frame);
    }
    const seen: StateChange[] = [];
    link.watchEntity("light.hallway", (c) => seen.push(c));
    ha.setState("light.hallway", "on");
    await waitFor(() => seen.length === 1, 10_000, "a change after the garbage");
    expect(link.status().connected).toBe(true);
    expect(socketsOpened()).toBe(1);
    expect(lines.some((l) => l.includes("skipped unexpected messages from Home Assistant"))).toBe(true);
    expect(lines.join("\n")).not.toContain(TEST_TOKEN);
  });
});
