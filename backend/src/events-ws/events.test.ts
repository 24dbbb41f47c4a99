import type { Scope } from "hasync";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/**
 * subscribe_events for every type HA allows a non-admin, through the real gateway: registry,
 * service and config events made from the device's own view, only about its scope.
 */
type Message = Record<string, unknown>;
interface Event {
  event_type: string;
  data: Message;
}

let fx: GatewayFixture;
let nextId = 1;

beforeAll(async () => {
  fx = await startGatewayFixture();
});

afterAll(async () => {
  await fx.close();
});

async function device(scope: Partial<Scope>): Promise<{ client: RawHaClient; deviceId: string }> {
  const { token, device: paired } = await fx.pair(scope, "Events reader");
  const client = await RawHaClient.authenticated(fx.url, token);
  onTestFinished(() => client.close());
  return { client, deviceId: paired.id };
}

async function ask(client: RawHaClient, message: Message): Promise<Message> {
  const id = nextId++;
  client.send({ id, ...message });
  return { ...(await client.reply(id)), id };
}

async function subscribe(client: RawHaClient, eventType?: string): Promise<number> {
  const answer = await ask(client, {
    type: "subscribe_events",
    ...(eventType ? { event_type: eventType } : {}),
  });
  expect(answer).toMatchObject({ success: true });
  return answer.id as number;
}

const nextEvent = async (client: RawHaClient, subscription: number): Promise<Event> =>
  (await client.waitFor((m) => m.id === subscription && m.type === "event")).event as Event;

const patch = (deviceId: string, body: Message) =>
  fx.admin(`/devices/${deviceId}`, { method: "PATCH", body: JSON.stringify(body) });

const mirror = () => fx.server.hasync.ha;

describe("subscribe_events: what HA allows a non-admin", () => {
  it("refuses all events and types outside HA's allowlist, accepts the allowlisted ones", async () => {
    const { client } = await device({ areas: ["kitchen"] });
    for (const type of [undefined, "*", "nodered", "call_service", "automation_triggered"]) {
      const answer = await ask(client, { type: "subscribe_events", ...(type ? { event_type: type } : {}) });
      expect(answer).toMatchObject({
        success: false,
        error: { code: "unauthorized", message: "Unauthorized" },
      });
    }
    for (const type of [
      "themes_updated",
      "category_registry_updated",
      "component_loaded",
      "service_removed",
    ]) {
      expect(await ask(client, { type: "subscribe_events", event_type: type })).toMatchObject({
        success: true,
      });
    }
  });

  it("tells nothing of a registry change outside the scope, and the change inside it", async () => {
    const { client } = await device({ entities: ["light.kitchen_spots"] });
    const entities = await subscribe(client, "entity_registry_updated");
    const devices = await subscribe(client, "device_registry_updated");
    fx.ha.registries.updateEntry("light.living_room_ceiling", { name: "Secret ceiling" });
    await waitFor(() => mirror().entityEntry("light.living_room_ceiling")?.name === "Secret ceiling", 10_000);
    fx.ha.registries.updateEntry("light.kitchen_spots", { name: "Spots" });
    expect(await nextEvent(client, entities)).toEqual({
      event_type: "entity_registry_updated",
      data: { action: "update", entity_id: "light.kitchen_spots", changes: { name: null } },
      origin: "LOCAL",
      time_fired: expect.any(String),
      context: { id: expect.any(String), parent_id: null, user_id: null },
    });
    expect(client.frames.join("\n")).not.toContain("living_room");
    expect(client.frames.join("\n")).not.toContain(`"id":${devices},"type":"event"`);
    fx.ha.registries.updateEntry("light.kitchen_spots", { name: null });
    await nextEvent(client, entities);
  });

  it("tells an entity moving into the scope as create and out of it as remove, with its device", async () => {
    const { client } = await device({ areas: ["kitchen"] });
    const entities = await subscribe(client, "entity_registry_updated");
    const devices = await subscribe(client, "device_registry_updated");
    const areas = await subscribe(client, "area_registry_updated");
    fx.ha.moveEntityToArea("light.living_room_ceiling", "kitchen");
    expect((await nextEvent(client, entities)).data).toEqual({
      action: "create",
      entity_id: "light.living_room_ceiling",
    });
    const created = (await nextEvent(client, devices)).data;
    expect(created).toMatchObject({ action: "create" });
    const list = (await ask(client, { type: "config/device_registry/list" })).result as Message[];
    // Its device stays in the living room, which the device cannot see: no area named.
    expect(list.find((d) => d.id === created.device_id)).toMatchObject({
      name: "Living Room Ceiling",
      area_id: null,
    });
    fx.ha.moveEntityToArea("light.living_room_ceiling", null);
    expect((await nextEvent(client, entities)).data).toEqual({
      action: "remove",
      entity_id: "light.living_room_ceiling",
    });
    expect((await nextEvent(client, devices)).data).toEqual({
      action: "remove",
      device_id: created.device_id,
    });
    expect(client.frames.join("\n")).not.toContain('"living_room"');
    expect(client.frames.join("\n")).not.toContain(`"id":${areas},"type":"event"`);
  });

  it("tells a label entering the scope with the entry that carries it, and only its updates", async () => {
    const { client } = await device({ entities: ["light.kitchen_spots"] });
    const labels = await subscribe(client, "label_registry_updated");
    const entities = await subscribe(client, "entity_registry_updated");
    fx.ha.registries.updateEntry("light.kitchen_spots", { labels: ["energy"] });
    expect((await nextEvent(client, labels)).data).toEqual({ action: "create", label_id: "energy" });
    expect((await nextEvent(client, entities)).data).toEqual({
      action: "update",
      entity_id: "light.kitchen_spots",
      changes: { labels: [] },
    });
    fx.ha.registries.updateLabel("security", { name: "Alarm" });
    await waitFor(
      () =>
        mirror()
          .labels()
          .some((l) => l.name === "Alarm"),
      10_000,
    );
    fx.ha.registries.updateLabel("energy", { name: "Power" });
    expect((await nextEvent(client, labels)).data).toEqual({ action: "update", label_id: "energy" });
    expect(client.frames.join("\n")).not.toContain("security");
    fx.ha.registries.updateEntry("light.kitchen_spots", { labels: [] });
    expect((await nextEvent(client, labels)).data).toEqual({ action: "remove", label_id: "energy" });
  });

  it("tells services registered and removed as the device's access changes, only those it may call", async () => {
    const { client, deviceId } = await device({ areas: ["kitchen"], access: "read" });
    const registered = await subscribe(client, "service_registered");
    const removed = await subscribe(client, "service_removed");
    await patch(deviceId, { scope: { areas: ["kitchen"], access: "control" } });
    const first = await nextEvent(client, registered);
    const services = (await ask(client, { type: "get_services" })).result as Record<string, Message>;
    expect(Object.keys(services).length).toBeGreaterThan(0);
    const { domain, service } = first.data as { domain: string; service: string };
    expect(services[domain]?.[service]).toBeDefined();
    await patch(deviceId, { scope: { areas: ["kitchen"], access: "read" } });
    expect((await nextEvent(client, removed)).data).toMatchObject({ domain: expect.any(String) });
    const events = client.frames.join("\n");
    expect(events).not.toContain('"domain":"lock"');
    expect(events).not.toContain('"domain":"media_player"');
  });

  it("diffs a device's view once per change, however many sockets and subscriptions it has", async () => {
    const { token } = await fx.pair({ entities: ["light.kitchen_spots"] }, "Two sockets");
    const clients = await Promise.all([0, 1].map(() => RawHaClient.authenticated(fx.url, token)));
    onTestFinished(() => {
      for (const client of clients) client.close();
    });
    const subs: Array<[RawHaClient, number]> = [];
    for (const client of clients) {
      for (const type of ["entity_registry_updated", "device_registry_updated"]) {
        subs.push([client, await subscribe(client, type)]);
      }
    }
    // Only this device's two sockets are open: every view read now is this device's.
    await waitFor(() => fx.gateway.connectionCount === 2, 10_000, "earlier sockets to close");
    const views = vi.spyOn(mirror(), "services");
    onTestFinished(() => views.mockRestore());
    fx.ha.registries.updateEntry("light.kitchen_spots", { icon: "mdi:lamp" });
    const [first, second] = [subs[0], subs[2]] as Array<[RawHaClient, number]>;
    await Promise.all([first, second].map(([client, id]) => nextEvent(client, id)));
    expect(views).toHaveBeenCalledTimes(1);
    fx.ha.registries.updateEntry("light.kitchen_spots", { icon: null });
    await Promise.all([first, second].map(([client, id]) => nextEvent(client, id)));
  });

  it("tells core_config_updated with the changed fields the device's config has, and nothing for the others", async () => {
    const { client } = await device({ entities: ["light.kitchen_spots"] });
    const updates = await subscribe(client, "core_config_updated");
    // The home's position is not in a device's config (no zone.home in scope): a move is not told.
    fx.ha.updateConfig({ latitude: 12.5, longitude: 7.25 });
    await waitFor(() => mirror().config()?.latitude === 12.5, 10_000, "the mirror to re-read the config");
    fx.ha.updateConfig({ location_name: "Holiday home" });
    expect((await nextEvent(client, updates)).data).toEqual({ location_name: "Holiday home" });
    const config = (await ask(client, { type: "get_config" })).result as Message;
    expect(config.location_name).toBe("Holiday home");
    expect(client.frames.join("\n")).not.toContain("12.5");
  });

  it("stops at unsubscribe_events", async () => {
    const { client } = await device({ entities: ["light.kitchen_spots"] });
    const gone = await subscribe(client, "entity_registry_updated");
    expect(await ask(client, { type: "unsubscribe_events", subscription: gone })).toMatchObject({
      success: true,
    });
    const kept = await subscribe(client, "entity_registry_updated");
    fx.ha.registries.updateEntry("light.kitchen_spots", { icon: "mdi:lamp" });
    await nextEvent(client, kept);
    expect(client.frames.join("\n")).not.toContain(`"id":${gone},"type":"event"`);
    fx.ha.registries.updateEntry("light.kitchen_spots", { icon: null });
    await nextEvent(client, kept);
  });

  it("tells a component newly in the device's config", async () => {
    const { client, deviceId } = await device({ entities: ["light.kitchen_spots"] });
    const loaded = await subscribe(client, "component_loaded");
    await patch(deviceId, { scope: { entities: ["light.kitchen_spots", "lock.front_door"] } });
    expect((await nextEvent(client, loaded)).data).toEqual({ component: "lock" });
  });
});

describe("subscribe_events for a device presenting as administrator", () => {
  it("accepts all events and any type, and delivers only what concerns the scope", async () => {
    const { client, deviceId } = await device({ entities: ["light.kitchen_spots"] });
    expect((await patch(deviceId, { presents_as_admin: true })).status).toBe(200);
    const all = await subscribe(client);
    const nodered = await subscribe(client, "nodered");
    fx.ha.setState("light.living_room_ceiling", "on", { brightness: 77 });
    fx.ha.setState("light.kitchen_spots", "on", { brightness: 33 });
    const event = await nextEvent(client, all);
    expect(event).toMatchObject({ event_type: "state_changed", data: { entity_id: "light.kitchen_spots" } });
    fx.ha.registries.updateEntry("light.kitchen_spots", { icon: "mdi:spotlight" });
    expect(await nextEvent(client, all)).toMatchObject({
      event_type: "entity_registry_updated",
      data: { action: "update", entity_id: "light.kitchen_spots", changes: { icon: null } },
    });
    const text = client.frames.join("\n");
    expect(text).not.toContain("living_room");
    expect(text).not.toContain(`"id":${nodered},"type":"event"`);
    // The setting is read per subscribe: turned off, the next one is refused as HA refuses a user.
    await patch(deviceId, { presents_as_admin: false });
    expect(await ask(client, { type: "subscribe_events" })).toMatchObject({
      error: { code: "unauthorized" },
    });
    fx.ha.registries.updateEntry("light.kitchen_spots", { icon: null });
    await nextEvent(client, all);
  });
});
