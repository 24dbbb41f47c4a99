import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { SUBSCRIBE_ALLOWLIST } from "./allowlist.js";

/**
 * Containment for the non-state events: while registries churn all over the house (renames,
 * labels, moves, area and label edits, scope and access edits), devices subscribed to every type
 * HA allows them (and one presenting as administrator, to all events) are never sent an id of an
 * entity, device, area, floor or label that was never in their scope, nor in any registry answer.
 */
type Entry = Record<string, unknown>;

let fx: GatewayFixture;
let direct: RawHaClient;

interface Watched {
  client: RawHaClient;
  deviceId: string;
  /** Areas whose contents may reach this device at some point of the test. */
  reachable: ReadonlySet<string>;
}

async function directList(registry: string): Promise<Entry[]> {
  direct.send({ id: ++directId, type: `config/${registry}_registry/list` });
  return (await direct.reply(directId)).result as Entry[];
}
let directId = 0;

async function watch(scope: Entry, reachable: string[], admin: boolean): Promise<Watched> {
  const { token, device } = await fx.pair(scope, "Watched");
  if (admin) {
    await fx.admin(`/devices/${device.id}`, {
      method: "PATCH",
      body: JSON.stringify({ presents_as_admin: true }),
    });
  }
  const client = await RawHaClient.authenticated(fx.url, token);
  const types = admin ? [undefined] : [...SUBSCRIBE_ALLOWLIST];
  let id = 0;
  for (const type of types) {
    client.send({ id: ++id, type: "subscribe_events", ...(type ? { event_type: type } : {}) });
    expect(await client.reply(id)).toMatchObject({ success: true });
  }
  return { client, deviceId: device.id, reachable: new Set(reachable) };
}

/** Every id of the house that belongs to no area in `reachable` (and so never reached the device). */
async function forbiddenIds(reachable: ReadonlySet<string>, labelsSeen: boolean): Promise<string[]> {
  const [entities, devices, areas, floors, labels] = await Promise.all(
    ["entity", "device", "area", "floor", "label"].map(directList),
  );
  const deviceArea = new Map(devices.map((d) => [d.id, d.area_id]));
  const out = new Set<unknown>();
  for (const e of entities) {
    const area = e.area_id ?? (e.device_id ? deviceArea.get(e.device_id as string) : null);
    if (!reachable.has(area as string)) out.add(e.entity_id).add(e.unique_id);
  }
  for (const a of areas) if (!reachable.has(a.area_id as string)) out.add(a.area_id);
  const floorsSeen = new Set(areas.filter((a) => reachable.has(a.area_id as string)).map((a) => a.floor_id));
  for (const f of floors) if (!floorsSeen.has(f.floor_id)) out.add(f.floor_id);
  if (!labelsSeen) for (const l of labels) out.add(l.label_id);
  return [...out].filter((id): id is string => typeof id === "string").map((id) => JSON.stringify(id));
}

beforeAll(async () => {
  fx = await startGatewayFixture();
  direct = await RawHaClient.authenticated(fx.ha.url, fx.ha.token);
});

afterAll(async () => {
  direct.close();
  await fx.close();
});

describe("registry, service and config events never name what the scope hides", () => {
  it("holds through a churn of registry and scope edits", async () => {
    const spots = await watch({ entities: ["light.kitchen_spots"] }, ["kitchen"], false);
    const kitchen = await watch({ areas: ["kitchen"], access: "control" }, ["kitchen", "garden"], false);
    const admin = await watch({ entities: ["light.kitchen_spots"] }, ["kitchen"], true);
    const { registries } = fx.ha;
    const mirror = fx.server.hasync.ha;
    const settle = (check: () => boolean) => waitFor(check, 10_000, "the mirror to follow HA");
    for (let round = 0; round < 6; round++) {
      registries.updateEntry("light.bedroom_ceiling", { name: `Secret ${round}`, labels: ["security"] });
      registries.updateArea("bedroom", { name: `Hidden room ${round}`, labels: round % 2 ? ["energy"] : [] });
      registries.updateLabel("security", { description: `round ${round}` });
      fx.ha.moveEntityToArea("light.bathroom_mirror", round % 2 ? "bedroom" : null);
      await settle(() => mirror.entityEntry("light.bedroom_ceiling")?.name === `Secret ${round}`);
      const scope = round % 2 ? ["kitchen", "garden"] : ["kitchen"];
      await fx.admin(`/devices/${kitchen.deviceId}`, {
        method: "PATCH",
        body: JSON.stringify({ scope: { areas: scope, access: round % 3 ? "read" : "control" } }),
      });
      registries.updateEntry("light.kitchen_spots", { name: `Spots ${round}` });
      await settle(() => mirror.entityEntry("light.kitchen_spots")?.name === `Spots ${round}`);
    }
    for (const watched of [spots, kitchen, admin]) {
      // The last rename reached every device: all earlier events were sent before it.
      await watched.client.waitFor(isRename);
      watched.client.send({ id: 1000, type: "config/entity_registry/list" });
      await watched.client.reply(1000);
      const text = watched.client.frames.join("\n");
      for (const hidden of await forbiddenIds(watched.reachable, watched !== spots && watched !== admin)) {
        expect(text, watched === spots ? "spots" : watched === admin ? "admin" : "kitchen").not.toContain(
          hidden,
        );
      }
      expect(text).not.toContain("Secret");
      expect(text).not.toContain("Hidden room");
      watched.client.close();
    }
  });
});

/** The entity_registry_updated event for the last in-scope rename. */
const isRename = (m: Entry) =>
  m.type === "event" &&
  (m.event as Entry | undefined)?.event_type === "entity_registry_updated" &&
  JSON.stringify(m).includes('"changes":{"name":"Spots 4"}');
