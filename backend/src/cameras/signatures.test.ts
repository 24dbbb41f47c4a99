import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { SIGNATURE, signatureOf, withoutSignatures } from "../test-support/cameras.js";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { authenticatedFrames } from "../test-support/ha-raw-client.js";
import { readMjpeg } from "../test-support/mjpeg.js";

/**
 * A camera's `entity_picture` as devices get it: HAsync's URL with a signature bound to the
 * device, the camera and an expiry, checked against the device's access when it is used, and
 * renewed when HA rotates its camera token. HA's token reaches no device on any path.
 */

let fx: GatewayFixture;
let clock = Date.now();
const DRIVEWAY = "camera.driveway";
const GARDEN = "camera.garden";
const GARDEN_SECRET = "garden-camera-secret-0123456789abcdef";
type Paired = { token: string; id: string };
let alice: Paired;
let bob: Paired;

const bearer = (device: Paired) => ({ authorization: `Bearer ${device.token}` });
const restState = async (device: Paired, entityId: string) =>
  (await (await fetch(`${fx.url}/api/states/${entityId}`, { headers: bearer(device) })).json()) as {
    attributes: Record<string, unknown>;
  };
const pictureOf = async (device: Paired, entityId: string) =>
  String((await restState(device, entityId)).attributes.entity_picture);
const open = async (path: string) => (await fetch(`${fx.url}${path}`)).status;
const haToken = async (entityId: string) => {
  const res = await fetch(`${fx.ha.url}/api/states/${entityId}`, {
    headers: { authorization: `Bearer ${fx.ha.token}` },
  });
  return ((await res.json()) as { attributes: { access_token: string } }).attributes.access_token;
};

async function pair(entities: string[], name: string): Promise<Paired> {
  const { token, device } = await fx.pair({ entities }, name);
  return { token, id: device.id };
}

async function subscribed(device: Paired): Promise<{ socket: WebSocket; frames: string[] }> {
  const { socket, frames } = await authenticatedFrames(fx.wsUrl, device.token);
  socket.send(JSON.stringify({ id: 1, type: "subscribe_entities" }));
  socket.send(JSON.stringify({ id: 2, type: "subscribe_events", event_type: "state_changed" }));
  socket.send(JSON.stringify({ id: 3, type: "get_states" }));
  await waitFor(() => frames.some((f) => f.includes('"id":3,"type":"result"')), 10_000, "get_states");
  return { socket, frames };
}

beforeAll(async () => {
  fx = await startGatewayFixture({ now: () => clock, demo: { cameras: { rotationMs: 0 } } });
  fx.ha.setState(GARDEN, "idle", {
    access_token: GARDEN_SECRET,
    entity_picture: `/api/camera_proxy/${GARDEN}?token=${GARDEN_SECRET}`,
    friendly_name: "Garden",
  });
  await waitFor(() => fx.server.hasync.ha.getState(GARDEN) !== undefined, 10_000, "the garden camera");
  alice = await pair([DRIVEWAY, GARDEN], "Alice's tablet");
  bob = await pair([DRIVEWAY], "Bob's phone");
}, 30_000);

afterAll(async () => {
  await fx.close();
});

describe("camera pictures signed per device", () => {
  it("differ per device and carry none of HA's tokens, over every read path", async () => {
    const { socket, frames } = await subscribed(alice);
    const rest = await fetch(`${fx.url}/api/states`, { headers: bearer(alice) });
    const bodies = [...frames, await rest.text(), JSON.stringify(await restState(alice, DRIVEWAY))];
    const secrets = [await haToken(DRIVEWAY), GARDEN_SECRET];
    for (const body of bodies) {
      for (const secret of secrets) expect(body).not.toContain(secret);
      expect(withoutSignatures(body)).not.toMatch(/access_token|token=/);
    }
    expect(bodies.join()).toMatch(SIGNATURE);
    const mine = signatureOf(await pictureOf(alice, DRIVEWAY));
    const bobs = signatureOf(await pictureOf(bob, DRIVEWAY));
    expect(mine).not.toBe(bobs);
    expect(mine.startsWith(`${alice.id}.`)).toBe(true);
    socket.terminate();
  });

  it("open only the camera and the device they were made for", async () => {
    const picture = await pictureOf(alice, DRIVEWAY);
    expect(await open(picture)).toBe(200);
    const [, expiry, mac] = signatureOf(picture).split(".");
    expect(await open(`/api/camera_proxy/${DRIVEWAY}?token=${bob.id}.${expiry}.${mac}`)).toBe(403);
    expect(await open(`/api/camera_proxy/${GARDEN}?token=${signatureOf(picture)}`)).toBe(403);
    expect(await open(`/api/camera_proxy/${DRIVEWAY}?token=${alice.id}.${expiry}.${"A".repeat(43)}`)).toBe(
      403,
    );
    expect(await open(await pictureOf(bob, DRIVEWAY))).toBe(200);
    expect(await open(await pictureOf(alice, GARDEN))).toBe(200);
  });

  it("expire after the few minutes HA's own tokens live, and the next state has a fresh one", async () => {
    const picture = await pictureOf(alice, DRIVEWAY);
    clock += 11 * 60_000;
    expect(await open(picture)).toBe(403);
    const fresh = await pictureOf(alice, DRIVEWAY);
    expect(fresh).not.toBe(picture);
    expect(await open(fresh)).toBe(200);
  });

  it("are renewed when HA rotates its camera token, on both subscriptions", async () => {
    const { socket, frames } = await subscribed(bob);
    const before = await pictureOf(bob, DRIVEWAY);
    const seen = frames.length;
    clock += 5 * 60_000;
    fx.ha.cameras.rotateTokens();
    const renewed = (f: string) => f.includes(`"${DRIVEWAY}"`) && f.includes("entity_picture");
    await waitFor(() => frames.slice(seen).filter(renewed).length >= 2, 10_000, "the renewed pictures");
    const news = frames.slice(seen).filter(renewed);
    expect(news.some((f) => f.includes(`"c":{"${DRIVEWAY}"`))).toBe(true);
    expect(news.some((f) => f.includes('"event_type":"state_changed"'))).toBe(true);
    const rotated = await haToken(DRIVEWAY);
    for (const frame of frames) expect(frame).not.toContain(rotated);
    const diff = JSON.parse(news.find((f) => f.includes('"c":')) ?? "{}") as {
      event: { c: Record<string, { "+": { a: { entity_picture: string } } }> };
    };
    const picture = diff.event.c[DRIVEWAY]?.["+"].a.entity_picture ?? "";
    expect(signatureOf(picture)).not.toBe(signatureOf(before));
    expect(await open(picture)).toBe(200);
    socket.terminate();
  });

  it("are what auth/sign_path gives for the device's camera views, and nothing else", async () => {
    const { socket, frames } = await authenticatedFrames(fx.wsUrl, bob.token);
    const ask = async (id: number, message: Record<string, unknown>) => {
      socket.send(JSON.stringify({ id, type: "auth/sign_path", ...message }));
      const answer = await waitFor(
        () => frames.find((f) => f.startsWith(`{"id":${id},`)),
        10_000,
        "the answer",
      );
      return JSON.parse(answer ?? "{}") as {
        success: boolean;
        result?: { path: string };
        error?: { code: string };
      };
    };
    const signed = await ask(1, { path: `/api/camera_proxy/${DRIVEWAY}` });
    const path = signed.result?.path ?? "";
    // HA's frontend appends the size to the signed thumbnail path.
    expect(await open(`${path}&width=64&height=48`)).toBe(200);
    const stream = await ask(2, { path: `/api/camera_proxy_stream/${DRIVEWAY}?interval=0.5`, expires: 60 });
    const read = await readMjpeg(`${fx.url}${stream.result?.path ?? ""}`, {}, 1);
    expect([read.status, read.frames.length]).toEqual([200, 1]);
    const short = (await ask(3, { path: `/api/camera_proxy/${DRIVEWAY}`, expires: 1 })).result?.path ?? "";
    clock += 2000;
    expect(await open(short)).toBe(403);
    for (const [id, other] of [
      [4, `/api/camera_proxy/${GARDEN}`],
      [5, "/api/camera_proxy/camera.nowhere"],
      [6, "/api/states"],
      [7, "//elsewhere/api/camera_proxy/camera.driveway"],
    ] as const) {
      expect(await ask(id, { path: other })).toMatchObject({ success: false, error: { code: "not_found" } });
    }
    socket.terminate();
  });

  it("stop working when the camera leaves the device's scope, or the device is revoked", async () => {
    const garden = await pictureOf(alice, GARDEN);
    const driveway = await pictureOf(alice, DRIVEWAY);
    const scope = { entities: [DRIVEWAY] };
    await fx.admin(`/devices/${alice.id}`, { method: "PATCH", body: JSON.stringify({ scope }) });
    // The admin API answers once the scope engine applied the edit.
    expect(await open(garden)).toBe(404);
    expect(await open(driveway)).toBe(200);
    expect((await fx.admin(`/devices/${alice.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await open(driveway)).toBe(403);
    expect(await open(await pictureOf(bob, DRIVEWAY))).toBe(200);
  });
});
