import {
  type Connection,
  createConnection,
  createLongLivedTokenAuth,
  type HassEvent,
} from "home-assistant-js-websocket";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { DemoHomeAssistant, SimulatorError } from "./index.js";
import type { SimArea, SimDevice, SimEntityEntry } from "./types.js";

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

let demo: DemoHomeAssistant;
let conn: Connection;

const send = <T>(type: string) => conn.sendMessagePromise<T>({ type });

/** HA's rule, computed by the test from the raw lists: own area, else the device's. */
async function resolvedAreas(): Promise<Map<string, string | null>> {
  const devices = await send<SimDevice[]>("config/device_registry/list");
  const entries = await send<SimEntityEntry[]>("config/entity_registry/list");
  const deviceArea = new Map(devices.map((d) => [d.id, d.area_id]));
  return new Map(
    entries.map((e) => [
      e.entity_id,
      e.area_id ?? (e.device_id ? (deviceArea.get(e.device_id) ?? null) : null),
    ]),
  );
}

beforeEach(async () => {
  demo = new DemoHomeAssistant({ driftIntervalMs: 0 });
  await demo.start();
  conn = await createConnection({ auth: createLongLivedTokenAuth(demo.url, demo.token) });
});

afterEach(async () => {
  conn.close();
  await demo.stop();
});

describe("registries", () => {
  it("lists floors, areas and labels", async () => {
    const floors = await send<Array<{ floor_id: string; level: number }>>("config/floor_registry/list");
    expect(floors.map((f) => f.floor_id)).toEqual(["ground_floor", "first_floor"]);
    const areas = await send<SimArea[]>("config/area_registry/list");
    expect(areas.length).toBeGreaterThanOrEqual(5);
    expect(areas.find((a) => a.area_id === "bedroom")?.floor_id).toBe("first_floor");
    expect(areas.find((a) => a.area_id === "living_room")?.temperature_entity_id).toBe(
      "sensor.living_room_temperature",
    );
    const labels = await send<Array<{ label_id: string }>>("config/label_registry/list");
    expect(labels.map((l) => l.label_id)).toEqual(["security", "energy"]);
  });

  it("has entities placed by their device, by their own area, and nowhere", async () => {
    const areas = await resolvedAreas();
    const entries = await send<SimEntityEntry[]>("config/entity_registry/list");
    const camera = entries.find((e) => e.entity_id === "camera.driveway");
    expect(camera?.area_id).toBe("garden");
    const devices = await send<SimDevice[]>("config/device_registry/list");
    expect(devices.find((d) => d.id === camera?.device_id)?.area_id).toBe("garage");
    expect(areas.get("light.kitchen_spots")).toBe("kitchen");
    expect(entries.find((e) => e.entity_id === "light.kitchen_spots")?.area_id).toBeNull();
    expect(areas.get("sensor.bedroom_temperature")).toBe("bedroom");
    expect(areas.get("person.alex")).toBeNull();
    expect(areas.has("sensor.outdoor_comfort_index")).toBe(false);
    const used = new Set([...areas.values()].filter((a) => a !== null));
    expect(used.size).toBeGreaterThanOrEqual(5);
  });

  it("serves list_for_display in HA's compact format", async () => {
    const display = await send<{
      entity_categories: Record<string, string>;
      entities: Array<Record<string, unknown>>;
    }>("config/entity_registry/list_for_display");
    expect(display.entity_categories).toEqual({ 0: "config", 1: "diagnostic" });
    const battery = display.entities.find((e) => e.ei === "sensor.front_door_lock_battery");
    expect(battery).toMatchObject({ ec: 1, en: "Front Door Lock Battery", pl: "nuki", lb: [] });
    expect(battery).toHaveProperty("di");
    expect(battery).not.toHaveProperty("ai");
    expect(display.entities.find((e) => e.ei === "camera.driveway")).toMatchObject({
      ai: "garden",
      lb: ["security"],
    });
  });

  it("announces area moves with *_registry_updated events carrying the old value", async () => {
    const events: HassEvent[] = [];
    await conn.subscribeEvents((e: HassEvent) => events.push(e), "entity_registry_updated");
    await conn.subscribeEvents((e: HassEvent) => events.push(e), "device_registry_updated");
    demo.moveEntityToArea("light.kitchen_spots", "office");
    const devices = await send<SimDevice[]>("config/device_registry/list");
    const tv = devices.find((d) => d.name === "Living Room TV") as SimDevice;
    demo.moveDeviceToArea(tv.id, null);
    await vi.waitFor(() => expect(events).toHaveLength(2), { timeout: 3000, interval: 10 });
    expect(events[0]?.data).toEqual({
      action: "update",
      entity_id: "light.kitchen_spots",
      changes: { area_id: null },
    });
    expect(events[1]?.data).toEqual({
      action: "update",
      device_id: tv.id,
      changes: { area_id: "living_room" },
    });
    const areas = await resolvedAreas();
    expect(areas.get("light.kitchen_spots")).toBe("office");
    expect(areas.get("media_player.living_room_tv")).toBeNull();
  });

  it("announces removals in the entity registry", async () => {
    const events: HassEvent[] = [];
    await conn.subscribeEvents((e: HassEvent) => events.push(e));
    demo.removeEntity("switch.garden_sprinkler");
    await vi.waitFor(() => expect(events.length).toBeGreaterThanOrEqual(2), { timeout: 3000, interval: 10 });
    expect(events.map((e) => e.event_type)).toEqual(["entity_registry_updated", "state_changed"]);
    expect(events[0]?.data).toEqual({ action: "remove", entity_id: "switch.garden_sprinkler" });
    expect(events[1]?.data.new_state).toBeNull();
    const entries = await send<SimEntityEntry[]>("config/entity_registry/list");
    expect(entries.some((e) => e.entity_id === "switch.garden_sprinkler")).toBe(false);
  });

  it("gets entries as HA's extended_dict, and get_entries answers null for unknown ids", async () => {
    const partial = (await send<SimEntityEntry[]>("config/entity_registry/list")).find(
      (e) => e.entity_id === "light.kitchen_spots",
    );
    const extended = await conn.sendMessagePromise<Record<string, unknown>>({
      type: "config/entity_registry/get",
      entity_id: "light.kitchen_spots",
    });
    expect(extended).toMatchObject({ ...partial, aliases: [], device_class: null, original_icon: null });
    expect(Object.keys(extended)).toEqual(
      expect.arrayContaining(["capabilities", "original_device_class", "aliases"]),
    );
    const entries = await conn.sendMessagePromise<Record<string, unknown>>({
      type: "config/entity_registry/get_entries",
      entity_ids: ["light.kitchen_spots", "light.nowhere"],
    });
    expect(entries).toEqual({ "light.kitchen_spots": extended, "light.nowhere": null });
  });

  it("announces entry, device, area and label edits as HA's registries do", async () => {
    const events: HassEvent[] = [];
    for (const type of ["entity", "device", "area", "label"]) {
      await conn.subscribeEvents((e: HassEvent) => events.push(e), `${type}_registry_updated`);
    }
    const spots = (await send<SimEntityEntry[]>("config/entity_registry/list")).find(
      (e) => e.entity_id === "light.kitchen_spots",
    ) as SimEntityEntry;
    demo.registries.updateEntry("light.kitchen_spots", { name: "Spots", labels: ["energy"] });
    demo.registries.updateEntry("light.kitchen_spots", { name: "Spots" });
    demo.registries.updateDevice(spots.device_id as string, { name_by_user: "Spots" });
    demo.registries.updateArea("kitchen", { name: "Cookery" });
    demo.registries.updateLabel("energy", { color: "green" });
    await vi.waitFor(() => expect(events).toHaveLength(4));
    expect(events.map((e) => e.data)).toEqual([
      { action: "update", entity_id: "light.kitchen_spots", changes: { name: null, labels: [] } },
      { action: "update", device_id: spots.device_id, changes: { name_by_user: null } },
      { action: "update", area_id: "kitchen" },
      { action: "update", label_id: "energy" },
    ]);
    const areas = await send<SimArea[]>("config/area_registry/list");
    expect(areas.find((a) => a.area_id === "kitchen")?.name).toBe("Cookery");
  });

  it("refuses hooks that name things the home does not have", () => {
    expect(() => demo.moveEntityToArea("light.nowhere", "office")).toThrow(SimulatorError);
    expect(() => demo.moveEntityToArea("light.hallway", "attic")).toThrow(SimulatorError);
    expect(() => demo.moveDeviceToArea("0".repeat(32), "office")).toThrow(SimulatorError);
    expect(() => demo.removeEntity("light.nowhere")).toThrow(SimulatorError);
  });
});
