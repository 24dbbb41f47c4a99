import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/**
 * The registry commands compared "directly against the demo HA" and "through HAsync": the same
 * shapes, only the device's scope, and nothing in any answer that names the rest of the house.
 */
type Entry = Record<string, unknown>;

let fx: GatewayFixture;
let direct: RawHaClient;
let nextId = 1;

const LISTS = ["entity", "device", "area", "floor", "label"] as const;

async function ask(client: RawHaClient, message: Entry): Promise<Entry> {
  const id = nextId++;
  client.send({ id, ...message });
  return client.reply(id);
}

async function list(client: RawHaClient, registry: (typeof LISTS)[number]): Promise<Entry[]> {
  const answer = await ask(client, { type: `config/${registry}_registry/list` });
  expect(answer.success).toBe(true);
  return answer.result as Entry[];
}

async function device(scope: Parameters<GatewayFixture["pair"]>[0]): Promise<RawHaClient> {
  const { token } = await fx.pair(scope, "Registry reader");
  const client = await RawHaClient.authenticated(fx.url, token);
  onTestFinished(() => client.close());
  return client;
}

/** Every id the whole house has, as JSON strings, except those `visible` lists. */
async function hiddenIds(visible: Entry[][]): Promise<string[]> {
  const shown = new Set(
    visible.flat().flatMap((e) => [e.entity_id, e.id, e.area_id, e.floor_id, e.label_id]),
  );
  const all: unknown[] = [];
  for (const registry of LISTS) {
    for (const e of await list(direct, registry)) {
      all.push(e.entity_id, e.id, e.area_id, e.floor_id, e.label_id, e.unique_id, e.config_entry_id);
      all.push(...((e.config_entries as unknown[] | undefined) ?? []));
    }
  }
  return [...new Set(all)]
    .filter((id) => typeof id === "string" && !shown.has(id))
    .map((id) => JSON.stringify(id));
}

beforeAll(async () => {
  fx = await startGatewayFixture();
  direct = await RawHaClient.authenticated(fx.ha.url, fx.ha.token);
});

afterAll(async () => {
  direct.close();
  await fx.close();
});

describe("registries through HAsync", () => {
  it("lists the scope's entity entries in HA's full shape, cutting what points beyond it", async () => {
    const { token, device: paired } = await fx.pair({ areas: ["kitchen"] }, "Kitchen");
    const client = await RawHaClient.authenticated(fx.url, token);
    onTestFinished(() => client.close());
    const mine = await list(client, "entity");
    const all = new Map((await list(direct, "entity")).map((e) => [e.entity_id as string, e]));
    const scope = fx.server.hasync.devices.entitiesOf(paired.id);
    expect(mine.map((e) => e.entity_id).sort()).toEqual([...all.keys()].filter((id) => scope.has(id)).sort());
    expect(mine.length).toBeGreaterThan(3);
    for (const entry of mine) {
      const original = all.get(entry.entity_id as string) as Entry;
      expect(Object.keys(entry).sort()).toEqual(Object.keys(original).sort());
      expect(entry).toMatchObject({
        config_entry_id: null,
        config_subentry_id: null,
        categories: {},
        unique_id: original.id,
        device_id: original.device_id,
        name: original.name,
        original_name: original.original_name,
        labels: original.labels,
      });
      expect(entry.unique_id).not.toBe(original.unique_id);
    }
  });

  it("never hands out the hardware and network behind visible devices", async () => {
    const client = await device({ areas: ["kitchen"] });
    const answers = await Promise.all(LISTS.map((r) => list(client, r)));
    const visible = new Set(answers[1]?.map((d) => d.id));
    const secrets: string[] = [];
    for (const d of await list(direct, "device")) {
      if (!visible.has(d.id)) continue;
      for (const [, value] of [...(d.connections as string[][]), ...(d.identifiers as string[][])]) {
        if (value?.includes(":")) secrets.push(value);
      }
      for (const key of ["serial_number", "configuration_url"]) if (d[key]) secrets.push(d[key] as string);
    }
    // The kitchen's Zigbee spots and leak sensor and its Shelly plugs all have some.
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    const text = JSON.stringify(answers);
    for (const secret of secrets) expect(text).not.toContain(secret);
    for (const d of answers[1] ?? []) {
      for (const hidden of ["connections", "identifiers", "serial_number", "configuration_url"]) {
        expect(d).not.toHaveProperty(hidden);
      }
    }
  });

  it("cuts the admin's settings from entries: a lock's code, voice exposure, categories", async () => {
    const client = await device({ entities: ["lock.front_door", "scene.movie_night"] });
    const entries = await list(client, "entity");
    const original = await list(direct, "entity");
    expect(original.find((e) => e.entity_id === "lock.front_door")?.options).toMatchObject({
      lock: { default_code: "4711" },
    });
    expect(entries.find((e) => e.entity_id === "lock.front_door")?.options).toEqual({});
    expect(entries.find((e) => e.entity_id === "scene.movie_night")?.categories).toEqual({});
    const got = await ask(client, { type: "config/entity_registry/get", entity_id: "lock.front_door" });
    expect(JSON.stringify([entries, got])).not.toMatch(/4711|should_expose|01JD2N0SC3NECAT3G0RY/);
  });

  it("lists the devices, areas, floors and labels of the scope only", async () => {
    const client = await device({ entities: ["light.kitchen_spots"] });
    const [entities, devices, areas, floors, labels] = await Promise.all(LISTS.map((r) => list(client, r)));
    expect(entities.map((e) => e.entity_id)).toEqual(["light.kitchen_spots"]);
    expect(devices.map((d) => d.name)).toEqual(["Kitchen Spots"]);
    expect(areas.map((a) => a.area_id)).toEqual(["kitchen"]);
    expect(floors.map((f) => f.floor_id)).toEqual(["ground_floor"]);
    expect(labels).toEqual([]);
    const directFloor = (await list(direct, "floor")).find((f) => f.floor_id === "ground_floor");
    expect(floors[0]).toEqual(directFloor);
    // The kitchen's temperature sensor is not in this scope: the area no longer names it.
    expect(areas[0]).toMatchObject({ temperature_entity_id: null, floor_id: "ground_floor" });
    const text = JSON.stringify([entities, devices, areas, floors, labels]);
    for (const hidden of await hiddenIds([entities, devices, areas, floors, labels])) {
      expect(text).not.toContain(hidden);
    }
  });

  it("lists labels on visible items, and floors of visible areas", async () => {
    const client = await device({ areas: ["kitchen", "garden"] });
    const labels = await list(client, "label");
    expect(labels.map((l) => l.label_id).sort()).toEqual(["energy", "security"]);
    expect(labels).toEqual(expect.arrayContaining(await list(direct, "label")));
    // The garden has no floor; the kitchen is on the ground floor, the bedroom's floor stays hidden.
    expect((await list(client, "floor")).map((f) => f.floor_id)).toEqual(["ground_floor"]);
  });

  it("gets an entry as HA's extended dict, and answers hidden and unknown entities alike", async () => {
    const client = await device({ entities: ["light.kitchen_spots", "sensor.kitchen_temperature"] });
    const got = await ask(client, { type: "config/entity_registry/get", entity_id: "light.kitchen_spots" });
    const original = await ask(direct, {
      type: "config/entity_registry/get",
      entity_id: "light.kitchen_spots",
    });
    expect(Object.keys(got.result as Entry).sort()).toEqual(Object.keys(original.result as Entry).sort());
    expect(got.result).toMatchObject({
      entity_id: "light.kitchen_spots",
      aliases: [],
      config_entry_id: null,
    });
    const hidden = await ask(client, {
      type: "config/entity_registry/get",
      entity_id: "light.living_room_ceiling",
    });
    const unknown = await ask(client, { type: "config/entity_registry/get", entity_id: "light.nowhere" });
    const directUnknown = await ask(direct, {
      type: "config/entity_registry/get",
      entity_id: "light.nowhere",
    });
    expect(hidden.error).toEqual({ code: "not_found", message: "Entity not found" });
    expect(unknown.error).toEqual(hidden.error);
    expect(directUnknown.error).toEqual(hidden.error);
    const invalid = await ask(client, { type: "config/entity_registry/get", entity_id: "not an id" });
    expect(invalid.error).toMatchObject({ code: "invalid_format" });
  });

  it("gets entries by id, null for hidden and unknown ones", async () => {
    const client = await device({ entities: ["light.kitchen_spots"] });
    const ids = ["light.kitchen_spots", "light.living_room_ceiling", "light.nowhere"];
    const got = await ask(client, { type: "config/entity_registry/get_entries", entity_ids: ids });
    const result = got.result as Record<string, Entry | null>;
    expect(Object.keys(result)).toEqual(ids);
    expect(result["light.kitchen_spots"]).toMatchObject({
      entity_id: "light.kitchen_spots",
      unique_id: expect.any(String),
    });
    expect(result["light.living_room_ceiling"]).toBeNull();
    expect(result["light.nowhere"]).toBeNull();
    const none = await ask(client, {
      type: "config/entity_registry/get_entries",
      entity_ids: ["light.nowhere"],
    });
    expect(none.result).toEqual({ "light.nowhere": null });
  });

  it("keeps list_for_display consistent with the list: same entities, same cuts", async () => {
    const client = await device({ areas: ["kitchen"] });
    const entries = await list(client, "entity");
    const display = (await ask(client, { type: "config/entity_registry/list_for_display" })).result as {
      entities: Entry[];
    };
    expect(display.entities.map((e) => e.ei).sort()).toEqual(
      entries
        .filter((e) => e.disabled_by === null)
        .map((e) => e.entity_id)
        .sort(),
    );
  });
});
