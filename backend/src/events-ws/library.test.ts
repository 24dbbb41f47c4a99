import { spawn } from "node:child_process";
import {
  type Connection,
  createConnection,
  createLongLivedTokenAuth,
  getCollection,
  type HassConfig,
  type HassServices,
  subscribeConfig,
  subscribeServices,
} from "home-assistant-js-websocket";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";

/**
 * home-assistant-js-websocket, unmodified, through HAsync: `subscribeConfig`, `subscribeServices`
 * and the registry collections HA's frontend builds (a `config/*_registry/list` fetch refreshed
 * on `*_registry_updated`) resolve, stay live, and show only the scope. Before issue 12 their
 * event subscriptions were refused and a Node program calling `subscribeConfig` exited 1.
 */
type Entry = Record<string, unknown>;

let fx: GatewayFixture;
let conn: Connection;
let deviceId: string;
const REGISTRIES = ["entity", "device", "area", "floor", "label"] as const;
type Registry = (typeof REGISTRIES)[number];
const views = new Map<Registry, { current: Entry[] | null }>();

/** The frontend's registry collection (home-assistant frontend src/data/*_registry.ts), without its debounce. */
function registryCollection(registry: Registry): { current: Entry[] | null } {
  const view: { current: Entry[] | null } = { current: null };
  const fetch = (c: Connection) =>
    c.sendMessagePromise<Entry[]>({ type: `config/${registry}_registry/list` });
  const collection = getCollection(conn, `_${registry}Registry`, fetch, (c, store) =>
    c.subscribeEvents(
      () => fetch(c).then((entries) => store.setState(entries, true)),
      `${registry}_registry_updated`,
    ),
  );
  collection.subscribe((entries) => {
    view.current = entries;
  });
  return view;
}

const patch = (body: Entry) =>
  fx.admin(`/devices/${deviceId}`, { method: "PATCH", body: JSON.stringify(body) });

beforeAll(async () => {
  // The library opens sockets with the global WebSocket, which Node 20 does not have.
  vi.stubGlobal("WebSocket", WebSocket);
  fx = await startGatewayFixture();
  const { token, device } = await fx.pair({ entities: ["light.kitchen_spots"], access: "read" }, "Library");
  deviceId = device.id;
  conn = await createConnection({ auth: createLongLivedTokenAuth(fx.url, token) });
  for (const registry of REGISTRIES) views.set(registry, registryCollection(registry));
});

afterAll(async () => {
  conn.close();
  await fx.close();
  vi.unstubAllGlobals();
});

const view = (registry: Registry) => views.get(registry)?.current ?? null;
const ids = (registry: Registry, key: string) => (view(registry) ?? []).map((e) => e[key]);

describe("home-assistant-js-websocket collections through HAsync", () => {
  it("resolves every registry collection with only the scope", async () => {
    await waitFor(() => REGISTRIES.every((registry) => view(registry) !== null), 10_000, "collections");
    expect(ids("entity", "entity_id")).toEqual(["light.kitchen_spots"]);
    expect(ids("device", "name")).toEqual(["Kitchen Spots"]);
    expect(ids("area", "area_id")).toEqual(["kitchen"]);
    expect(ids("floor", "floor_id")).toEqual(["ground_floor"]);
    expect(ids("label", "label_id")).toEqual([]);
  });

  it("keeps them live: a rename, a new label, a floor entering the scope", async () => {
    fx.ha.registries.updateEntry("light.kitchen_spots", { name: "Spots", labels: ["energy"] });
    await waitFor(() => view("entity")?.[0]?.name === "Spots", 10_000, "renamed entry");
    await waitFor(() => ids("label", "label_id").includes("energy"), 10_000, "label");
    fx.ha.registries.updateArea("kitchen", { name: "Cookery" });
    await waitFor(() => view("area")?.[0]?.name === "Cookery", 10_000, "renamed area");
    await patch({ scope: { entities: ["light.kitchen_spots", "light.bedroom_ceiling"] } });
    await waitFor(() => ids("floor", "floor_id").includes("first_floor"), 10_000, "floor");
    expect(ids("area", "area_id").sort()).toEqual(["bedroom", "kitchen"]);
    expect(JSON.stringify([...views.values()])).not.toContain('"living_room"');
  });

  it("subscribeConfig resolves and hears components entering the scope", async () => {
    let config: HassConfig | null = null;
    const unsubscribe = subscribeConfig(conn, (c) => {
      config = c;
    });
    await waitFor(() => config !== null, 10_000, "config");
    expect((config as HassConfig | null)?.components).not.toContain("lock");
    await patch({ scope: { entities: ["light.kitchen_spots", "lock.front_door"] } });
    await waitFor(() => (config as HassConfig | null)?.components.includes("lock") === true, 10_000, "lock");
    unsubscribe();
  });

  it("lets a plain Node program call subscribeConfig and exit 0 (it exited 1 on the refusal)", async () => {
    const { token } = await fx.pair({ entities: ["light.kitchen_spots"] }, "Node program");
    const program = `
      globalThis.WebSocket = require("ws");
      const haws = require("home-assistant-js-websocket");
      haws.createConnection({ auth: haws.createLongLivedTokenAuth(process.env.URL, process.env.TOKEN) })
        .then((conn) => haws.subscribeConfig(conn, (config) => {
          console.log(JSON.stringify(config.components));
          conn.close();
        }));`;
    const child = spawn(process.execPath, ["-e", program], {
      env: { ...process.env, URL: fx.url, TOKEN: token },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toContain("light");
  });

  it("subscribeServices resolves and follows the device's access", async () => {
    let services: HassServices | null = null;
    const unsubscribe = subscribeServices(conn, (s) => {
      services = s;
    });
    await waitFor(() => services !== null, 10_000, "services");
    expect(services).toEqual({});
    await patch({ scope: { entities: ["light.kitchen_spots"], access: "control" } });
    await waitFor(
      () => (services as HassServices | null)?.light?.turn_on !== undefined,
      10_000,
      "light services",
    );
    expect(Object.keys(services ?? {})).not.toContain("lock");
    unsubscribe();
  });
});
