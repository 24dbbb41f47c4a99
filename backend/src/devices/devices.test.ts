import type { Device, DevicePreview } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoHomeAssistant } from "../simulator/index.js";
import { startTestServer, type TestServer } from "../test-support/harness.js";
import { adminFetch, adminPost, pairDevice } from "../test-support/pairing.js";
import type { ScopeChange } from "./types.js";

const KITCHEN = [
  "binary_sensor.kitchen_water_leak",
  "light.kitchen_spots",
  "sensor.coffee_maker_power",
  "sensor.fridge_power",
  "sensor.kitchen_water_leak_battery",
  "switch.coffee_maker",
];

let clock = Date.now();
let ha: DemoHomeAssistant;
let server: TestServer;
const changes: ScopeChange[] = [];
const revoked: string[] = [];

beforeAll(async () => {
  ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0 });
  await ha.start();
  server = await startTestServer({
    env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    now: () => clock,
    ha: { timings: { registryDebounceMs: 20 } },
  });
  expect(await server.hasync.ha.waitUntilSynced(5000)).toBe(true);
  server.hasync.devices.on("scopeChanged", (c) => changes.push(c));
  server.hasync.devices.on("revoked", (id) => revoked.push(id));
});
afterAll(async () => {
  await server.close();
  await ha.stop();
});

const admin = (path: string, init?: RequestInit) => adminFetch(server.url, path, init);
const preview = async (id: string) =>
  ((await (await admin(`/devices/${id}/preview`)).json()) as DevicePreview).entities;
const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("scopes against the live mirror", () => {
  it("resolves an area scope to exactly the area's entities (device areas and overrides applied)", async () => {
    const { device } = await pairDevice(server.url, { areas: ["kitchen"] }, "Kitchen tablet");
    expect(device.entity_count).toBe(KITCHEN.length);
    expect((await preview(device.id)).map((e) => e.entity_id)).toEqual(KITCHEN);
  });

  it("previews a scene as the device gets it: only the members inside its scope", async () => {
    const { device } = await pairDevice(
      server.url,
      { entities: ["scene.movie_night", "light.living_room_ceiling"] },
      "Scene preview",
    );
    const scene = (await preview(device.id)).find((e) => e.entity_id === "scene.movie_night");
    expect(scene?.attributes.entity_id).toEqual(["light.living_room_ceiling"]);
  });

  it("follows registry changes live: an entity moved in appears, moved out disappears", async () => {
    const { device } = await pairDevice(server.url, { areas: ["kitchen"] }, "Follows moves");
    ha.moveEntityToArea("light.living_room_floor_lamp", "kitchen");
    await until(() => server.hasync.devices.canSee(device.id, "light.living_room_floor_lamp"));
    expect(
      changes.some((c) => c.deviceId === device.id && c.added.includes("light.living_room_floor_lamp")),
    ).toBe(true);
    ha.moveEntityToArea("light.living_room_floor_lamp", null);
    await until(() => !server.hasync.devices.canSee(device.id, "light.living_room_floor_lamp"));
    const spots = server.hasync.ha.deviceOf("light.kitchen_spots") ?? "";
    ha.moveDeviceToArea(spots, "garage");
    await until(() => !server.hasync.devices.canSee(device.id, "light.kitchen_spots"));
    expect(changes.some((c) => c.deviceId === device.id && c.removed.includes("light.kitchen_spots"))).toBe(
      true,
    );
    ha.moveDeviceToArea(spots, "kitchen");
    await until(() => server.hasync.devices.canSee(device.id, "light.kitchen_spots"));
  });

  it("drops removed entities and excludes excluded ones", async () => {
    const { device } = await pairDevice(
      server.url,
      { areas: ["kitchen"], entities: ["sensor.outdoor_temperature"], exclude: ["switch.coffee_maker"] },
      "Exclusions",
    );
    expect(server.hasync.devices.canSee(device.id, "switch.coffee_maker")).toBe(false);
    expect(server.hasync.devices.canSee(device.id, "sensor.outdoor_temperature")).toBe(true);
    ha.removeEntity("sensor.outdoor_temperature");
    await until(() => !server.hasync.devices.canSee(device.id, "sensor.outdoor_temperature"));
  });

  it("never shows a device credential-bearing attributes", async () => {
    const { device } = await pairDevice(server.url, { entities: ["camera.driveway"] }, "Camera viewer");
    const [camera] = await preview(device.id);
    expect(camera?.entity_id).toBe("camera.driveway");
    expect(camera?.attributes).not.toHaveProperty("access_token");
    expect(String(camera?.attributes.entity_picture ?? "")).not.toMatch(/token=/);
  });
});

describe("managing devices", () => {
  it("renames, rescopes and sets expiry, auditing each change", async () => {
    const { device, token } = await pairDevice(server.url, { areas: ["kitchen"] }, "Hall kiosk");
    const patched = await admin(`/devices/${device.id}`, {
      method: "PATCH",
      body: JSON.stringify({ name: "Hallway kiosk", scope: { areas: ["hallway"], access: "control" } }),
    });
    expect(patched.status).toBe(200);
    const after = (await patched.json()) as Device;
    expect(after.name).toBe("Hallway kiosk");
    expect(after.scope.access).toBe("control");
    expect(server.hasync.devices.canSee(device.id, "light.kitchen_spots")).toBe(false);
    expect(server.hasync.devices.canSee(device.id, "light.hallway")).toBe(true);
    const types = (server.db.prepare("SELECT type FROM audit_log").all() as { type: string }[]).map(
      (r) => r.type,
    );
    expect(types).toEqual(expect.arrayContaining(["device.renamed", "device.scope_changed"]));

    const past = await admin(`/devices/${device.id}`, {
      method: "PATCH",
      body: JSON.stringify({ expires_at: new Date(clock - 1).toISOString() }),
    });
    expect(past.status).toBe(400);
    const soon = new Date(clock + 60_000).toISOString();
    await admin(`/devices/${device.id}`, { method: "PATCH", body: JSON.stringify({ expires_at: soon }) });
    expect(server.hasync.devices.authenticate(token, "127.0.0.1")).not.toBeNull();
    clock += 61_000;
    expect(server.hasync.devices.authenticate(token, "127.0.0.1")).toBeNull();
    await until(() => revoked.includes(device.id));
    await admin(`/devices/${device.id}`, { method: "PATCH", body: JSON.stringify({ expires_at: null }) });
    expect(server.hasync.devices.authenticate(token, "127.0.0.1")?.id).toBe(device.id);
  });

  it("revokes at once: the token stops working and the device is gone", async () => {
    const { device, token } = await pairDevice(server.url, { areas: ["kitchen"] }, "Guest phone");
    const list = (await (await admin("/devices")).json()) as { devices: Device[] };
    const listed = list.devices.find((d) => d.id === device.id);
    expect(listed).toMatchObject({ name: "Guest phone", online: false, entity_count: KITCHEN.length });
    expect(JSON.stringify(list)).not.toContain(token);
    expect((await admin(`/devices/${device.id}`, { method: "DELETE" })).status).toBe(204);
    expect(server.hasync.devices.authenticate(token, "127.0.0.1")).toBeNull();
    expect(revoked).toContain(device.id);
    expect((await admin(`/devices/${device.id}`)).status).toBe(404);
    expect((await admin(`/devices/${device.id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("answers unknown ids and bad patches with 4xx envelopes, changing nothing", async () => {
    const { device } = await pairDevice(server.url, { areas: ["kitchen"] }, "Unchanged");
    expect((await admin("/devices/dev_nope")).status).toBe(404);
    expect((await admin(`/devices/${"x".repeat(5000)}`)).status).toBe(404);
    for (const body of ["{}", '{"name": ""}', '{"scope": {"access": "root"}}', '{"name": 5}', "{bad json"]) {
      const res = await admin(`/devices/${device.id}`, { method: "PATCH", body });
      expect(res.status).toBe(400);
    }
    expect(((await (await admin(`/devices/${device.id}`)).json()) as Device).name).toBe("Unchanged");
  });

  it("resolves a scope before approval, naming unknown areas and entities", async () => {
    const res = await adminPost(server.url, "/scope/resolve", {
      areas: ["kitchen", "attic"],
      entities: ["light.nope"],
      exclude: ["switch.coffee_maker"],
    });
    const body = (await res.json()) as {
      entity_ids: string[];
      unknown_areas: string[];
      unknown_entities: string[];
    };
    expect(body.entity_ids).toEqual(KITCHEN.filter((e) => e !== "switch.coffee_maker"));
    expect(body.unknown_areas).toEqual(["attic"]);
    expect(body.unknown_entities).toEqual(["light.nope"]);
  });
});
