import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/** Streams and the attribute cut in recorded states, through HAsync against the demo HA. */

const LIGHT = "light.living_room_ceiling";
const HIDDEN = "light.living_room_floor_lamp";
const SCENE = "scene.movie_night";
const CAMERA = "camera.driveway";
const SCOPE = { entities: [LIGHT, SCENE, CAMERA], access: "read" as const };

let fx: GatewayFixture;
let token: string;
let deviceId: string;
let direct: RawHaClient;
let device: RawHaClient;
let nextId = 1;

const start = () => new Date(Date.now() - 3_600_000).toISOString();
const setScope = (scope: object) =>
  fx.admin(`/devices/${deviceId}`, { method: "PATCH", body: JSON.stringify({ scope }) });

async function ask(client: RawHaClient, message: Record<string, unknown>) {
  const id = nextId++;
  client.send({ id, ...message });
  return client.reply(id);
}

beforeAll(async () => {
  fx = await startGatewayFixture({ limits: { maxSubscriptions: 3 } });
  ({
    token,
    device: { id: deviceId },
  } = await fx.pair(SCOPE, "Stream tablet"));
  direct = await RawHaClient.authenticated(fx.ha.url, fx.ha.token);
  device = await RawHaClient.authenticated(fx.url, token);
});

afterAll(async () => {
  direct.close();
  device.close();
  await fx.close();
});

describe("recorded states", () => {
  it("cut a scene's members and a camera's picture as live states are cut", async () => {
    const query = { type: "history/history_during_period", start_time: start(), entity_ids: [SCENE, CAMERA] };
    const both = JSON.stringify((await ask(direct, query)).result);
    expect(both).toContain(HIDDEN);
    expect(both).toContain("token=");
    const through = (await ask(device, query)).result as Record<
      string,
      Array<{ a: Record<string, unknown> }>
    >;
    expect(JSON.stringify(through)).not.toContain(HIDDEN);
    expect(through[SCENE]?.[0]?.a.entity_id).toEqual([LIGHT]);
    const liveCamera = (
      (await ask(device, { type: "get_states" })).result as Array<Record<string, unknown>>
    ).find((s) => s.entity_id === CAMERA) as { attributes: Record<string, unknown> };
    const picture = through[CAMERA]?.[0]?.a.entity_picture;
    expect(picture).not.toBe(JSON.parse(both)[CAMERA][0].a.entity_picture);
    expect(typeof picture === "string" && picture.split("?")[0]).toBe(
      String(liveCamera.attributes.entity_picture).split("?")[0],
    );
  });

  it("are cut the same way in REST history, row by row", async () => {
    const path = `/api/history/period/${encodeURIComponent(start())}?filter_entity_id=${SCENE},${CAMERA},${HIDDEN}`;
    const direct = await (
      await fetch(`${fx.ha.url}${path}`, { headers: { Authorization: `Bearer ${fx.ha.token}` } })
    ).text();
    expect(direct).toContain(HIDDEN);
    const res = await fetch(`${fx.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    const body = await res.text();
    expect(body).not.toContain(HIDDEN);
    const haToken = /"access_token":"([^"]+)"/.exec(direct)?.[1];
    expect(haToken).toBeDefined();
    expect(body).not.toContain(haToken);
    const lists = JSON.parse(body) as Array<
      Array<{ entity_id: string; attributes: Record<string, unknown> }>
    >;
    expect(lists.map((rows) => rows[0]?.entity_id).sort()).toEqual([CAMERA, SCENE]);
    const scene = lists.find((rows) => rows[0]?.entity_id === SCENE);
    expect(scene?.[0]?.attributes.entity_id).toEqual([LIGHT]);
  });
});

describe("logbook/event_stream", () => {
  it("streams in-scope entries without a hidden cause, and stops an entity leaving the scope", async () => {
    const id = nextId++;
    device.send({ id, type: "logbook/event_stream", start_time: start() });
    expect((await device.reply(id)).success).toBe(true);
    await device.waitFor((m) => m.id === id && (m.event as { partial?: boolean }).partial === true);
    fx.ha.setState(HIDDEN, "off");
    fx.ha.setState(LIGHT, "off");
    fx.ha.recorder.setTogether([
      [HIDDEN, "on"],
      [LIGHT, "on"],
    ]);
    const entry = await device.waitFor((m) => m.id === id && JSON.stringify(m).includes('"state":"on"'));
    expect(JSON.stringify(entry)).not.toContain(HIDDEN);
    expect(JSON.stringify(entry)).not.toContain("context_");
    await setScope({ entities: [SCENE, CAMERA] });
    await waitFor(() => !fx.server.hasync.devices.entitiesOf(deviceId).has(LIGHT), 10_000, "the scope edit");
    const mark = device.frames.length;
    fx.ha.setState(LIGHT, "off");
    // HA sends the stream's changes in order: once the camera's entry is in, the light's had its turn.
    fx.ha.setState(CAMERA, "recording");
    await device.waitFor((m) => m.id === id && JSON.stringify(m).includes(CAMERA));
    expect(device.frames.slice(mark).join("")).not.toContain(LIGHT);
    expect((await ask(device, { type: "unsubscribe_events", subscription: id })).success).toBe(true);
    await setScope(SCOPE);
  });
});

describe("stream limits and endings", () => {
  it("counts streams against maxSubscriptions", async () => {
    const query = { type: "history/stream", start_time: start(), entity_ids: [LIGHT] };
    const answers = [await ask(device, query), await ask(device, query), await ask(device, query)];
    expect(answers.map((a) => a.success)).toEqual([true, true, true]);
    const refused = await ask(device, query);
    expect(refused.error).toMatchObject({ code: "not_allowed" });
    for (const answer of answers) await ask(device, { type: "unsubscribe_events", subscription: answer.id });
  });

  it("ends a stream when HA's connection is lost: HA's stream state went with it", async () => {
    const opened = await ask(device, { type: "history/stream", start_time: start(), entity_ids: [LIGHT] });
    expect(opened.success).toBe(true);
    const lost = new Promise<void>((resolve) => {
      const stop = fx.server.hasync.ha.on("status", (status) => {
        if (status.connected) return;
        stop();
        resolve();
      });
    });
    fx.ha.dropConnections();
    await lost;
    expect(await fx.server.hasync.ha.waitUntilSynced(10_000)).toBe(true);
    const gone = await ask(device, { type: "unsubscribe_events", subscription: opened.id });
    expect(gone.error).toMatchObject({ code: "not_found" });
  });

  it("refuses a stream starting in the future as HA does", async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const answer = await ask(device, { type: "history/stream", start_time: future, entity_ids: [LIGHT] });
    expect(answer.error).toEqual({ code: "invalid_start_time", message: "Invalid start_time" });
    const logbook = await ask(device, { type: "logbook/event_stream", start_time: future });
    expect(logbook.error).toEqual({ code: "invalid_start_time", message: "Invalid start_time" });
  });
});
