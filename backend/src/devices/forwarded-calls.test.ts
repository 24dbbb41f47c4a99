import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/**
 * Issue 11, items 3 and 4, end to end: a device's calls through the real gateway (WebSocket and
 * REST) against the demo HA, which expands groups and runs scenes as HA does. Its call log and its
 * states prove that nothing outside the scope was reached.
 */
let fx: GatewayFixture;
let token: string;
let client: RawHaClient;
let nextId = 1;

const GROUPING = 524288;
const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;

/**
 * The gateway's clock, held still and moved a minute on before each test: the file makes more calls
 * than one device's burst, and how many fit into a second must not depend on the machine's speed.
 */
let clock = Date.now();
beforeEach(() => {
  clock += 60_000;
});

beforeAll(async () => {
  fx = await startGatewayFixture({ now: () => clock });
  fx.ha.setState("group.kitchen_and_hall", "off", { entity_id: ["light.kitchen_spots", "light.hallway"] });
  fx.ha.setState("media_player.kitchen_speaker", "idle", { supported_features: GROUPING });
  fx.ha.setState("media_player.kitchen_radio", "idle", { supported_features: GROUPING });
  const mirror = fx.server.hasync.ha;
  await waitFor(
    () => mirror.getState("media_player.kitchen_radio"),
    10_000,
    "the mirror to see the new entities",
  );
  token = (
    await fx.pair(
      {
        areas: ["kitchen"],
        entities: [
          "group.kitchen_and_hall",
          "scene.movie_night",
          "media_player.kitchen_speaker",
          "media_player.kitchen_radio",
          "script.good_night",
        ],
        access: "control",
      },
      "Kitchen tablet",
    )
  ).token;
  client = await RawHaClient.authenticated(fx.url, token);
});

afterAll(async () => {
  client.close();
  await fx.close();
});

async function callWs(domain: string, service: string, data: Record<string, unknown> = {}, target?: object) {
  const id = nextId++;
  client.send({
    id,
    type: "call_service",
    domain,
    service,
    service_data: data,
    ...(target ? { target } : {}),
  });
  return client.reply(id, 10_000);
}

const callRest = (domain: string, service: string, body: unknown) =>
  fetch(`${fx.url}/api/services/${domain}/${service}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** The demo HA's own view of an entity. */
async function haState(entityId: string): Promise<{ state: string; attributes: Record<string, unknown> }> {
  const res = await fetch(`${fx.ha.url}/api/states/${entityId}`, {
    headers: { authorization: `Bearer ${fx.ha.token}` },
  });
  return (await res.json()) as { state: string; attributes: Record<string, unknown> };
}

/** Every entity id named in the calls HA received since `from` (targets and data alike). */
function reachedSince(from: number): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string" && ENTITY_ID.test(value)) found.add(value);
    else if (Array.isArray(value)) for (const item of value) visit(item);
    else if (typeof value === "object" && value !== null)
      for (const item of Object.values(value)) visit(item);
  };
  for (const call of fx.ha.serviceCalls.slice(from)) visit([call.service_data, call.target]);
  return [...found].sort();
}

describe("calls on entities that act on others", () => {
  it("a group in the scope reaches only its in-scope members (WebSocket and REST)", async () => {
    fx.ha.setState("light.hallway", "off");
    fx.ha.setState("light.kitchen_spots", "off");
    const from = fx.ha.serviceCalls.length;
    const reply = await callWs("homeassistant", "turn_on", {}, { entity_id: "group.kitchen_and_hall" });
    expect(reply).toMatchObject({ success: true });
    expect((await haState("light.kitchen_spots")).state).toBe("on");
    expect((await haState("light.hallway")).state).toBe("off");

    const rest = await callRest("light", "turn_off", { entity_id: "group.kitchen_and_hall" });
    expect(rest.status).toBe(200);
    expect((await haState("light.kitchen_spots")).state).toBe("off");
    expect(reachedSince(from)).toEqual(["light.kitchen_spots"]);
  });

  it("a scene that sets entities outside the scope is refused and never reaches HA", async () => {
    const from = fx.ha.serviceCalls.length;
    const reply = await callWs("scene", "turn_on", {}, { entity_id: "scene.movie_night" });
    expect(reply).toMatchObject({ success: false, error: { code: "unauthorized" } });
    expect((await callRest("homeassistant", "turn_on", { entity_id: "scene.movie_night" })).status).toBe(403);
    expect(fx.ha.serviceCalls.length).toBe(from);
  });

  it("media_player.join with an out-of-scope member is refused; within the scope it joins", async () => {
    const from = fx.ha.serviceCalls.length;
    const outside = await callWs(
      "media_player",
      "join",
      { group_members: ["media_player.living_room_tv"] },
      { entity_id: "media_player.kitchen_speaker" },
    );
    expect(outside).toMatchObject({ success: false });
    const spelled = await callRest("media_player", "join", {
      entity_id: "media_player.kitchen_speaker",
      group_members: "media_player.kitchen_radio, MEDIA_PLAYER.LIVING_ROOM_TV",
    });
    expect(spelled.status).toBe(403);
    expect(fx.ha.serviceCalls.length).toBe(from);

    const inside = await callWs(
      "media_player",
      "join",
      { group_members: ["media_player.kitchen_radio"] },
      { entity_id: "media_player.kitchen_speaker" },
    );
    expect(inside).toMatchObject({ success: true });
    expect((await haState("media_player.kitchen_speaker")).attributes.group_members).toEqual([
      "media_player.kitchen_speaker",
      "media_player.kitchen_radio",
    ]);
    expect(reachedSince(from)).toEqual(["media_player.kitchen_radio", "media_player.kitchen_speaker"]);
  });

  it("entity ids nested in service data are targets too", async () => {
    const from = fx.ha.serviceCalls.length;
    const nested = await callWs("light", "turn_on", {
      entity_id: "light.kitchen_spots",
      Entity_ID: "LIGHT.HALLWAY",
    });
    expect(nested).toMatchObject({ success: false });
    const inTarget = await callRest("light", "turn_on", {
      entity_id: "light.kitchen_spots",
      target: { entity_id: "lock.front_door" },
    });
    expect(inTarget.status).toBe(403);
    expect(fx.ha.serviceCalls.length).toBe(from);
  });
});

describe("area, device, floor and label targets", () => {
  it("a domain service acts on that domain's in-scope entities of the area", async () => {
    fx.ha.setState("switch.coffee_maker", "off");
    const from = fx.ha.serviceCalls.length;
    const reply = await callWs("switch", "turn_on", { area_id: "kitchen" });
    expect(reply).toMatchObject({ success: true });
    expect((await haState("switch.coffee_maker")).state).toBe("on");
    expect(reachedSince(from)).toEqual(["switch.coffee_maker"]);
  });

  it("an area with nothing in the scope is HA's no-op, whether it holds hidden entities or none", async () => {
    fx.ha.setState("light.hallway", "off");
    const from = fx.ha.serviceCalls.length;
    const hallway = await callWs("light", "turn_on", { brightness: 200 }, { area_id: "hallway" });
    const attic = await callWs("light", "turn_on", { brightness: 200 }, { area_id: "attic" });
    expect(hallway).toMatchObject({ success: true });
    expect(attic).toMatchObject({ success: true });
    const rest = await callRest("light", "turn_on", { area_id: "hallway" });
    expect(rest.status).toBe(200);
    expect(await rest.json()).toEqual([]);
    expect(fx.ha.serviceCalls.slice(from).map((c) => c.target)).toEqual([
      { entity_id: [] },
      { entity_id: [] },
      { entity_id: [] },
    ]);
    expect((await haState("light.hallway")).state).toBe("off");
  });

  it("a floor or label reaches only what the scope holds, over WebSocket and REST", async () => {
    fx.ha.setState("light.hallway", "on");
    fx.ha.setState("light.kitchen_spots", "on");
    const from = fx.ha.serviceCalls.length;
    const floor = await callWs("light", "turn_off", {}, { floor_id: "ground_floor" });
    expect(floor).toMatchObject({ success: true });
    expect((await haState("light.kitchen_spots")).state).toBe("off");
    expect((await haState("light.hallway")).state).toBe("on");
    // The security label covers the front door's lock, which is not in the kitchen.
    const label = await callRest("lock", "unlock", { label_id: "security" });
    expect(label.status).toBe(403);
    const energy = await callRest("homeassistant", "turn_on", {
      label_id: "energy",
      floor_id: "first_floor",
    });
    expect(energy.status).toBe(200);
    expect(reachedSince(from)).toEqual(["light.kitchen_spots"]);
  });
});

describe("scripts", () => {
  it("a script in the scope runs by its own service; ids in its variables are checked; no other script runs", async () => {
    const from = fx.ha.serviceCalls.length;
    const own = await callWs("script", "good_night");
    expect(own).toMatchObject({ success: true });
    expect(fx.ha.serviceCalls.slice(from).map((c) => `${c.domain}.${c.service}`)).toEqual([
      "script.good_night",
    ]);
    const services = await (async () => {
      const id = nextId++;
      client.send({ id, type: "get_services" });
      return ((await client.reply(id, 10_000)) as { result: { script?: Record<string, unknown> } }).result;
    })();
    expect(Object.keys(services.script ?? {}).sort()).toEqual([
      "good_night",
      "toggle",
      "turn_off",
      "turn_on",
    ]);

    const count = fx.ha.serviceCalls.length;
    expect(await callWs("script", "reload")).toMatchObject({
      success: false,
      error: { code: "unauthorized" },
    });
    expect(await callWs("script", "good_night", { who: "lock.front_door" })).toMatchObject({
      success: false,
    });
    expect(await callWs("script", "good_night", {}, { entity_id: "script.good_night" })).toMatchObject({
      success: false,
    });
    expect((await callRest("script", "bedtime_elsewhere", {})).status).toBe(403);
    expect(fx.ha.serviceCalls.length).toBe(count);
  });
});
