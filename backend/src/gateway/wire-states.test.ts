import { describe, expect, it } from "vitest";
import { applyDiff, expandState } from "../ha/compressed.js";
import type { HaState } from "../ha/types.js";
import { ChangePayload } from "./subscriptions.js";
import {
  compressState,
  diffStates,
  hasReferences,
  referencesAny,
  scopedState,
  stateJson,
} from "./wire-states.js";

const at = (ms: number) => new Date(ms).toISOString();

function state(overrides: Partial<HaState> = {}): HaState {
  return {
    entity_id: "light.kitchen",
    state: "on",
    attributes: { brightness: 120, friendly_name: "Kitchen" },
    last_changed: at(1_700_000_000_000),
    last_updated: at(1_700_000_000_000),
    context: { id: "ctx-1", parent_id: null, user_id: null },
    ...overrides,
  };
}

const camera = (token: string): HaState =>
  state({
    entity_id: "camera.driveway",
    state: "idle",
    attributes: {
      access_token: token,
      entity_picture: `/api/camera_proxy/camera.driveway?token=${token}`,
      friendly_name: "Driveway",
    },
  });

describe("compressed states for subscribe_entities", () => {
  it("compresses like HA: bare context id, lu only when it differs from lc", () => {
    expect(compressState(state())).toEqual({
      s: "on",
      a: { brightness: 120, friendly_name: "Kitchen" },
      c: "ctx-1",
      lc: 1_700_000_000,
    });
    const updated = state({
      last_updated: at(1_700_000_005_500),
      context: { id: "ctx-2", parent_id: null, user_id: "u1" },
    });
    expect(compressState(updated)).toMatchObject({
      lu: 1_700_000_005.5,
      c: { id: "ctx-2", parent_id: null, user_id: "u1" },
    });
  });

  it("a client decoding HA's way gets back the state it was sent", () => {
    const original = state({ last_updated: at(1_700_000_003_000) });
    expect(expandState(original.entity_id, compressState(original))).toEqual(original);
  });

  it("diffs that a client applies to the old state give exactly the new one", () => {
    const before = state();
    const cases: HaState[] = [
      state({ state: "off", last_changed: at(1_700_000_010_000), last_updated: at(1_700_000_010_000) }),
      state({
        attributes: { brightness: 200, friendly_name: "Kitchen" },
        last_updated: at(1_700_000_011_000),
      }),
      state({
        attributes: { friendly_name: "Kitchen", color_mode: "hs" },
        last_updated: at(1_700_000_012_000),
      }),
      state({ context: { id: "ctx-9", parent_id: "p", user_id: null }, last_updated: at(1_700_000_013_000) }),
    ];
    for (const after of cases) {
      expect(applyDiff(before, diffStates(before, after))).toEqual(after);
    }
  });

  it("only names what changed, HA's format", () => {
    const after = state({
      attributes: { friendly_name: "Kitchen", effect: "none" },
      last_updated: at(1_700_000_001_000),
    });
    expect(diffStates(state(), after)).toEqual({
      "+": { lu: 1_700_000_001, a: { effect: "none" } },
      "-": { a: ["brightness"] },
    });
  });
});

describe("credentials never reach a device", () => {
  it("strips the camera token from full, compressed and diffed states", () => {
    const before = camera("secret-token-one");
    const after = { ...camera("secret-token-two"), last_updated: at(1_700_000_300_000) };
    const texts = [
      stateJson(before),
      JSON.stringify(compressState(after)),
      JSON.stringify(diffStates(before, after)),
    ];
    for (const text of texts) {
      expect(text).not.toContain("secret-token");
      expect(text).not.toContain("access_token");
    }
    expect(JSON.parse(stateJson(before)).attributes).toEqual({ friendly_name: "Driveway" });
  });
});

describe("references to other entities", () => {
  const scene = state({
    entity_id: "scene.movie_night",
    state: "unknown",
    attributes: { entity_id: ["light.living_room", "lock.front_door"], friendly_name: "Movie night" },
  });

  it("drops members outside the scope and keeps the object when nothing is hidden", () => {
    const visible = new Set(["scene.movie_night", "light.living_room"]);
    expect(scopedState(scene, visible).attributes.entity_id).toEqual(["light.living_room"]);
    expect(scene.attributes.entity_id).toEqual(["light.living_room", "lock.front_door"]);
    const everything = new Set([...visible, "lock.front_door"]);
    expect(scopedState(scene, everything)).toBe(scene);
    const plain = state();
    expect(scopedState(plain, new Set())).toBe(plain);
  });

  it("removes a single-id reference that is out of scope", () => {
    const person = state({ entity_id: "zone.home", attributes: { persons: "person.anna", radius: 100 } });
    expect(scopedState(person, new Set(["zone.home"])).attributes).toEqual({ radius: 100 });
  });
});

describe("credentials by shape (issue 11 item 5)", () => {
  it("strips nested tokens, stream logins and tokenised local pictures from every form", () => {
    const before = state({
      entity_id: "media_player.kitchen",
      attributes: {
        friendly_name: "Kitchen speaker",
        entity_picture_local: "/api/media_player_proxy/media_player.kitchen?token=hunter2&cache=1",
        stream_url: "rtsp://admin:hunter2@10.0.0.5/live",
        account: { id: 7, session: { refresh_token: "hunter2" } },
      },
    });
    const after = { ...before, state: "off", last_changed: at(1_700_000_400_000) };
    for (const text of [
      stateJson(before),
      JSON.stringify(compressState(after)),
      JSON.stringify(diffStates(before, after)),
    ])
      expect(text).not.toContain("hunter2");
    expect(JSON.parse(stateJson(before)).attributes).toEqual({
      friendly_name: "Kitchen speaker",
      account: { id: 7, session: {} },
    });
  });
});

describe("attributes that name entities (issue 11 item 6)", () => {
  const known = new Set(["sensor.bedroom", "sensor.kitchen", "lock.front_door", "sensor.outdoor"]);
  const mirror = { knowsEntity: (id: string) => known.has(id) };
  const visible = new Set(["sensor.house_min", "sensor.kitchen"]);
  const minMax = state({
    entity_id: "sensor.house_min",
    state: "17.5",
    attributes: {
      min_entity_id: "sensor.bedroom",
      max_entity_id: "sensor.kitchen",
      last_entity_id: "sensor.old_removed",
      linked_entities: ["sensor.kitchen", "sensor.bedroom"],
      source: "sensor.outdoor",
      details: {
        readings: [
          { from: "lock.front_door", value: 1 },
          { from: "sensor.kitchen", value: 2 },
        ],
      },
      by_entity: { "sensor.bedroom": 16, "sensor.kitchen": 19 },
      file: "image.png",
      host: "printer.local",
      friendly_name: "House minimum",
    },
  });

  it("drops single ids, filters lists and objects, keeps look-alikes HA does not know", () => {
    expect(scopedState(minMax, visible, mirror).attributes).toEqual({
      max_entity_id: "sensor.kitchen",
      linked_entities: ["sensor.kitchen"],
      details: { readings: [{ value: 1 }, { from: "sensor.kitchen", value: 2 }] },
      by_entity: { "sensor.kitchen": 19 },
      file: "image.png",
      host: "printer.local",
      friendly_name: "House minimum",
    });
    expect(minMax.attributes.min_entity_id).toBe("sensor.bedroom");
  });

  it("without the mirror to ask, removes every entity-shaped string outside the scope", () => {
    const attributes = scopedState(minMax, visible).attributes;
    expect(attributes).not.toHaveProperty("file");
    expect(attributes).not.toHaveProperty("source");
    expect(attributes.max_entity_id).toBe("sensor.kitchen");
  });

  it("keeps the same object when every named entity is visible", () => {
    const everything = new Set([...visible, ...known, "sensor.old_removed"]);
    expect(scopedState(minMax, everything, mirror)).toBe(minMax);
    const ownId = state({ attributes: { entity_id: "light.kitchen", friendly_name: "Kitchen" } });
    expect(hasReferences(ownId)).toBe(false);
    expect(scopedState(ownId, new Set(["light.kitchen"]), mirror)).toBe(ownId);
  });

  it("tells fan-out which states to send again when an entity enters or leaves a scope", () => {
    expect(hasReferences(minMax)).toBe(true);
    expect(referencesAny(minMax, new Set(["lock.front_door"]))).toBe(true);
    expect(referencesAny(minMax, new Set(["sensor.outdoor"]))).toBe(true);
    expect(referencesAny(minMax, new Set(["light.hallway"]))).toBe(false);
    expect(hasReferences(state())).toBe(false);
  });

  it("shares one payload between devices that may see everything it names", () => {
    const change = { entityId: minMax.entity_id, oldState: minMax, newState: { ...minMax, state: "17" } };
    const payload = new ChangePayload(change, mirror);
    const everything = new Set([...visible, ...known, "sensor.old_removed"]);
    expect(payload.scoped(() => everything)).toBe(payload);
    const cut = payload.scoped(() => visible);
    expect(cut).not.toBe(payload);
    expect(cut.stateChanged).not.toContain("sensor.bedroom");
    expect(payload.stateChanged).toContain("sensor.bedroom");
  });
});
