import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { signedPicture, withoutSignatures } from "../test-support/cameras.js";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { authenticatedFrames } from "../test-support/ha-raw-client.js";

/**
 * Issue 11 items 5 and 6 through the real gateway: credentials nested in attributes and ids of
 * entities outside the scope named in attributes reach a device over none of get_states,
 * subscribe_entities, subscribe_events state_changed and REST /api/states, and the admin preview
 * shows exactly what the device gets.
 */
const SECRET = "hunter2";
/** Real demo entities the device's scope leaves out, named by the entities it does see. */
const OUTSIDE = ["sensor.bedroom_temperature", "lock.front_door", "media_player.living_room_tv"];
const SCOPE = [
  "camera.garden",
  "media_player.kitchen_speaker",
  "sensor.house_min_temperature",
  "sensor.living_room_temperature",
];

let fx: GatewayFixture;
let token: string;
let deviceId: string;

function setEntities(round: number): void {
  const secret = `${SECRET}-${round}`;
  fx.ha.setState("camera.garden", "idle", {
    friendly_name: "Garden",
    access_token: secret,
    entity_picture: `/api/camera_proxy/camera.garden?token=${secret}`,
    stream_url: `rtsp://admin:${secret}@10.0.0.5:554/live`,
    still_image_url: `http://10.0.0.5/cgi-bin/snap.cgi?usr=admin&pwd=${secret}`,
    onvif: { profiles: [{ name: "main", auth: { username: "admin", password: secret } }] },
    round,
  });
  fx.ha.setState("media_player.kitchen_speaker", "playing", {
    friendly_name: "Kitchen speaker",
    entity_picture: `/api/media_player_proxy/media_player.kitchen_speaker?token=${secret}&cache=${round}`,
    entity_picture_local: `/api/media_player_proxy/media_player.kitchen_speaker?token=${secret}&cache=${round}`,
    group_members: ["media_player.kitchen_speaker", "media_player.living_room_tv"],
  });
  // A min_max sensor (components/min_max/sensor.py) over an in-scope and an out-of-scope sensor.
  fx.ha.setState("sensor.house_min_temperature", `18.${round}`, {
    friendly_name: "House minimum",
    min_entity_id: "sensor.bedroom_temperature",
    max_entity_id: "sensor.living_room_temperature",
    last_entity_id: "sensor.bedroom_temperature",
    details: { watched: ["lock.front_door", "sensor.living_room_temperature"] },
  });
}

beforeAll(async () => {
  fx = await startGatewayFixture();
  setEntities(0);
  await waitFor(() => fx.server.hasync.ha.getState("sensor.house_min_temperature"), 10_000, "the mirror");
  const paired = await fx.pair({ entities: SCOPE });
  token = paired.token;
  deviceId = paired.device.id;
}, 30_000);

afterAll(async () => {
  await fx.close();
});

async function openDevice(): Promise<{ socket: WebSocket; frames: string[] }> {
  const { socket, frames } = await authenticatedFrames(fx.wsUrl, token);
  socket.send(JSON.stringify({ id: 1, type: "subscribe_entities" }));
  socket.send(JSON.stringify({ id: 2, type: "subscribe_events", event_type: "state_changed" }));
  socket.send(JSON.stringify({ id: 3, type: "get_states" }));
  await waitFor(() => frames.some((f) => f.includes('"id":3,"type":"result"')), 10_000, "get_states");
  return { socket, frames };
}

const rest = async (path: string): Promise<string> =>
  (await fetch(`${fx.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } })).text();

function expectClean(text: string): void {
  expect(text).not.toContain(SECRET);
  expect(withoutSignatures(text)).not.toMatch(/access_token|token=|pwd=/);
  for (const id of OUTSIDE) if (text.includes(`"${id}"`)) expect.fail(`${id} leaked: ${text.slice(0, 300)}`);
}

type States = Array<{ entity_id: string; attributes: Record<string, unknown> }>;
const attributesOf = (states: States, entityId: string) =>
  states.find((s) => s.entity_id === entityId)?.attributes;

describe("attributes reach a device without credentials or out-of-scope ids", { timeout: 30_000 }, () => {
  it("over every read path, in snapshots and in live changes", async () => {
    const { socket, frames } = await openDevice();
    setEntities(1);
    const sawChange = (entity: string) =>
      frames.some((f) => f.includes('"event_type":"state_changed"') && f.includes(`"entity_id":"${entity}"`));
    await waitFor(() => SCOPE.slice(0, 3).every(sawChange), 10_000, "the state_changed events");
    await waitFor(
      () => frames.some((f) => f.includes('"c":{"sensor.house_min_temperature"')),
      10_000,
      "a diff",
    );
    const bodies = [...frames, await rest("/states"), await rest("/states/camera.garden")];
    for (const body of bodies) expectClean(body);

    const states = JSON.parse(await rest("/states")) as States;
    expect(attributesOf(states, "camera.garden")).toEqual({
      friendly_name: "Garden",
      onvif: { profiles: [{ name: "main" }] },
      round: 1,
      ...signedPicture("camera.garden"),
    });
    expect(attributesOf(states, "media_player.kitchen_speaker")).toEqual({
      friendly_name: "Kitchen speaker",
      group_members: ["media_player.kitchen_speaker"],
    });
    expect(attributesOf(states, "sensor.house_min_temperature")).toEqual({
      friendly_name: "House minimum",
      max_entity_id: "sensor.living_room_temperature",
      details: { watched: ["sensor.living_room_temperature"] },
    });
    socket.terminate();
  });

  it("sends a named entity when it enters the scope, and the preview shows what the device gets", async () => {
    const { socket, frames } = await openDevice();
    const seen = frames.length;
    const scope = { entities: [...SCOPE, "sensor.bedroom_temperature"] };
    await fx.admin(`/devices/${deviceId}`, { method: "PATCH", body: JSON.stringify({ scope }) });
    const named = (f: string) => f.includes('"min_entity_id":"sensor.bedroom_temperature"');
    // subscribe_entities gets a diff, subscribe_events a state_changed, both naming it now.
    await waitFor(
      () => frames.slice(seen).some((f) => named(f) && f.includes('"c":{"sensor.house_min_temperature"')),
      10_000,
      "the diff",
    );
    await waitFor(
      () => frames.slice(seen).some((f) => named(f) && f.includes('"event_type":"state_changed"')),
      10_000,
      "the state_changed",
    );
    for (const frame of frames) expect(frame).not.toContain('"lock.front_door"');

    const device = JSON.parse(await rest("/states")) as States;
    const preview = (await (await fx.admin(`/devices/${deviceId}/preview`)).json()) as { entities: States };
    expect(preview.entities.map((e) => e.entity_id).sort()).toEqual(device.map((s) => s.entity_id).sort());
    for (const entity of preview.entities)
      expect(entity.attributes).toEqual(attributesOf(device, entity.entity_id));
    expect(attributesOf(device, "sensor.house_min_temperature")).toMatchObject({
      min_entity_id: "sensor.bedroom_temperature",
      last_entity_id: "sensor.bedroom_temperature",
    });
    socket.terminate();
  });
});
