import {
  type Collection,
  type Connection,
  createConnection,
  createLongLivedTokenAuth,
  getCollection,
  getUser,
  type HassConfig,
  type HassServices,
  type HassUser,
  subscribeConfig,
  subscribeServices,
} from "home-assistant-js-websocket";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";

/**
 * The proof of issue 12 with home-assistant-js-websocket in Node: the calls HA's own frontend makes
 * on start (getUser, subscribeConfig, subscribeServices, the registry collections) resolve and stay
 * live through HAsync as they do directly against the demo HA, cut to the device's scope.
 */

type Entry = Record<string, unknown>;
type Registry = "entity" | "device" | "area" | "floor" | "label";
const OUT_OF_SCOPE_LOCK = "lock.front_door";
const REGISTRIES: Registry[] = ["entity", "device", "area", "floor", "label"];

/**
 * A registry collection as HA's frontend builds it (src/data/entity_registry.ts,
 * device_registry.ts, area_registry.ts, floor_registry.ts, label_registry.ts): the list command,
 * refetched on every `<name>_registry_updated` event.
 */
function registryCollection(conn: Connection, name: Registry): Collection<Entry[]> {
  const fetch = (c: Connection) => c.sendMessagePromise<Entry[]>({ type: `config/${name}_registry/list` });
  return getCollection(conn, `_hasyncTest_${name}Registry`, fetch, (c, store) =>
    c.subscribeEvents(() => fetch(c).then((list) => store.setState(list, true)), `${name}_registry_updated`),
  );
}

/** What a frontend holds after start: every collection's latest value. */
interface View {
  config?: HassConfig;
  services?: HassServices;
  registries: Partial<Record<Registry, Entry[]>>;
}

function watch(conn: Connection): View {
  const view: View = { registries: {} };
  subscribeConfig(conn, (config) => {
    view.config = config;
  });
  subscribeServices(conn, (services) => {
    view.services = services;
  });
  for (const name of REGISTRIES)
    registryCollection(conn, name).subscribe((list) => {
      view.registries[name] = list;
    });
  return view;
}

const loaded = (view: View) => view.config && view.services && REGISTRIES.every((r) => view.registries[r]);

let fx: GatewayFixture;
let kitchen: { token: string; deviceId: string };
const open: Connection[] = [];
let direct: View;
let through: View;
let directConn: Connection;
let throughConn: Connection;

async function connect(url: string, token: string): Promise<Connection> {
  const conn = await createConnection({ auth: createLongLivedTokenAuth(url, token) });
  open.push(conn);
  return conn;
}

beforeAll(async () => {
  // The library opens sockets with the global WebSocket, which Node 20 does not have.
  vi.stubGlobal("WebSocket", WebSocket);
  fx = await startGatewayFixture();
  const paired = await fx.pair({ areas: ["kitchen"], access: "control" }, "Kitchen tablet");
  kitchen = { token: paired.token, deviceId: paired.device.id };
  directConn = await connect(fx.ha.url, fx.ha.token);
  throughConn = await connect(fx.url, kitchen.token);
  direct = watch(directConn);
  through = watch(throughConn);
  await waitFor(() => loaded(direct), 10_000, "every collection directly");
  await waitFor(() => loaded(through), 10_000, "every collection through HAsync");
});

afterAll(async () => {
  for (const conn of open) conn.close();
  await fx?.close();
  vi.unstubAllGlobals();
});

const scope = () => new Set(fx.server.hasync.devices.entitiesOf(kitchen.deviceId));
const ids = (list: Entry[] | undefined, key: string) => (list ?? []).map((e) => e[key] as string).sort();

describe("home-assistant-js-websocket's start-up calls, directly and through HAsync", () => {
  it("getUser: HA's user directly; through HAsync the device, never owner or admin", async () => {
    const admin: HassUser = await getUser(directConn);
    expect(admin).toMatchObject({ is_admin: true });
    const user = await getUser(throughConn);
    expect(Object.keys(user).sort()).toEqual(Object.keys(admin).sort());
    expect(user).toMatchObject({ name: "Kitchen tablet", is_owner: false, is_admin: false });
    expect(user.id).not.toBe(admin.id);
    expect(await getUser(await connect(fx.url, kitchen.token))).toEqual(user);
  });

  it("subscribeConfig resolves with the same place and follows core_config_updated", async () => {
    expect(through.config?.location_name).toBe(direct.config?.location_name);
    expect(through.config?.components).toEqual(expect.any(Array));
    fx.ha.updateConfig({ location_name: "Renamed Home" });
    await waitFor(() => direct.config?.location_name === "Renamed Home", 10_000, "the direct config");
    await waitFor(
      () => through.config?.location_name === "Renamed Home",
      10_000,
      "the config through HAsync",
    );
  });

  it("subscribeServices resolves with a subset of HA's services, for domains in scope", () => {
    const domains = new Set([...scope()].map((id) => id.split(".")[0]));
    for (const [domain, services] of Object.entries(through.services ?? {})) {
      expect(domains.has(domain) || domain === "homeassistant").toBe(true);
      for (const service of Object.keys(services)) expect(direct.services?.[domain]).toHaveProperty(service);
    }
    expect(through.services?.light).toHaveProperty("turn_on");
  });

  it("the entity registry lists exactly the scope's entries, with HA's shape", () => {
    const visible = scope();
    const expected = ids(direct.registries.entity, "entity_id").filter((id) => visible.has(id));
    expect(ids(through.registries.entity, "entity_id")).toEqual(expected);
    const spots = (list?: Entry[]) => list?.find((e) => e.entity_id === "light.kitchen_spots");
    for (const key of Object.keys(spots(through.registries.entity) ?? {}))
      expect(spots(direct.registries.entity)).toHaveProperty(key);
  });

  it("devices, areas, floors and labels name only what the scope holds", () => {
    const names = (r: Registry, key: string) => ids(through.registries[r], key);
    expect(names("area", "area_id")).toEqual(["kitchen"]);
    expect(names("floor", "floor_id")).toEqual(["ground_floor"]);
    // Labels on visible items: the scope's entities, their devices and the kitchen itself.
    const visible = scope();
    const labelled = [
      ...(direct.registries.entity ?? []).filter((e) => visible.has(e.entity_id as string)),
      ...(direct.registries.device ?? []).filter((d) => d.area_id === "kitchen"),
      ...(direct.registries.area ?? []).filter((a) => a.area_id === "kitchen"),
    ];
    const labels = new Set(labelled.flatMap((item) => (item.labels as string[] | undefined) ?? []));
    expect(names("label", "label_id")).toEqual([...labels].sort());
    const kitchenDevices = ids(
      direct.registries.device?.filter((d) => d.area_id === "kitchen"),
      "id",
    );
    expect(names("device", "id")).toEqual(kitchenDevices);
    const seen = JSON.stringify(through.registries);
    for (const hidden of ["lock.front_door", "living_room", "first_floor", "bedroom"])
      expect(seen).not.toContain(hidden);
  });

  it("registry collections stay live: renames arrive, a moved entity comes and goes", async () => {
    const spotsName = (view: View) =>
      view.registries.entity?.find((e) => e.entity_id === "light.kitchen_spots")?.name;
    fx.ha.registries.updateEntry("light.kitchen_spots", { name: "Spots over the sink" });
    await waitFor(() => spotsName(direct) === "Spots over the sink", 10_000, "the direct rename");
    await waitFor(() => spotsName(through) === "Spots over the sink", 10_000, "the rename through HAsync");

    fx.ha.registries.updateArea("kitchen", { name: "Cookhouse" });
    const kitchenName = (view: View) => view.registries.area?.find((a) => a.area_id === "kitchen")?.name;
    await waitFor(
      () => kitchenName(through) === "Cookhouse" && kitchenName(direct) === "Cookhouse",
      10_000,
      "area",
    );

    const has = (view: View, id: string) => view.registries.entity?.some((e) => e.entity_id === id);
    fx.ha.moveEntityToArea("light.hallway", "kitchen");
    await waitFor(() => has(through, "light.hallway"), 10_000, "the moved entity to arrive");
    fx.ha.moveEntityToArea("light.hallway", "hallway");
    await waitFor(() => !has(through, "light.hallway"), 10_000, "the moved entity to leave");
    expect(has(direct, "light.hallway")).toBe(true);
  });

  it("the floor collection follows the kitchen moving upstairs, though HA's floors did not change", async () => {
    const floors = (view: View) => ids(view.registries.floor, "floor_id");
    fx.ha.registries.updateArea("kitchen", { floor_id: "first_floor" });
    // HA fires only area_registry_updated; the set of floors the device may see changed, so HAsync
    // tells the collection with floor_registry_updated (a floor "created" and one "removed").
    await waitFor(() => floors(through).join() === "first_floor", 10_000, "the visible floor to change");
    fx.ha.registries.updateArea("kitchen", { floor_id: "ground_floor" });
    await waitFor(() => floors(through).join() === "ground_floor", 10_000, "the floor to change back");
    expect(floors(direct)).toEqual(["first_floor", "ground_floor"]);
  });

  it("the services collection follows the scope: a domain the device gains arrives, and leaves", async () => {
    const { token, device } = await fx.pair(
      { entities: ["light.kitchen_spots"], access: "control" },
      "Guest",
    );
    const view = watch(await connect(fx.url, token));
    await waitFor(() => loaded(view), 10_000, "the guest's collections");
    expect(view.services).not.toHaveProperty("lock");
    const patch = (entities: string[]) =>
      fx.admin(`/devices/${device.id}`, {
        method: "PATCH",
        body: JSON.stringify({ scope: { entities, access: "control" } }),
      });
    expect((await patch(["light.kitchen_spots", OUT_OF_SCOPE_LOCK])).status).toBe(200);
    await waitFor(() => view.services?.lock?.unlock, 10_000, "lock.unlock to be registered");
    expect((await patch(["light.kitchen_spots"])).status).toBe(200);
    await waitFor(() => !view.services?.lock?.unlock, 10_000, "lock.unlock to be removed");
  });

  it("every update subscription the collections make is accepted through HAsync", async () => {
    const types = [
      "component_loaded",
      "core_config_updated",
      "service_registered",
      "service_removed",
      ...REGISTRIES.map((r) => `${r}_registry_updated`),
    ];
    for (const type of types) {
      const unsubscribe = await throughConn.subscribeEvents(() => {}, type);
      await unsubscribe();
    }
  });
});
