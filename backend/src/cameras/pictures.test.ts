import { describe, expect, it } from "vitest";
import { ChangePayload } from "../gateway/subscriptions.js";
import { diffStates, scopedState, stateJson } from "../gateway/wire-states.js";
import type { HaState } from "../ha/types.js";
import { registerScope } from "./pictures.js";
import { CameraSigner } from "./signer.js";

/** The camera part of the shared scope cut (`gateway/wire-states.ts` `scopedState`). */

const at = (ms: number) => new Date(ms).toISOString();
const HA_TOKEN = "ha-camera-token-0123456789abcdef";

function camera(token = HA_TOKEN, ms = 1_700_000_000_000): HaState {
  return {
    entity_id: "camera.driveway",
    state: "idle",
    attributes: {
      access_token: token,
      entity_picture: `/api/camera_proxy/camera.driveway?token=${token}`,
      friendly_name: "Driveway",
      frontend_stream_type: "hls",
    },
    last_changed: at(ms),
    last_updated: at(ms),
    context: { id: "ctx", parent_id: null, user_id: null },
  };
}

const KNOWN = { knowsEntity: () => true };
const light: HaState = {
  ...camera(),
  entity_id: "light.kitchen",
  state: "on",
  attributes: { brightness: 1 },
};

function deviceScope(deviceId: string, signer: CameraSigner, ids = ["camera.driveway", "light.kitchen"]) {
  const visible = new Set(ids);
  registerScope(visible, deviceId, signer);
  return visible;
}

describe("a camera state cut to a device's scope", () => {
  it("carries HAsync's picture signed for that device, and none of HA's token", () => {
    const signer = new CameraSigner(() => 1_700_000_000_000);
    const state = camera();
    const cut = scopedState(state, deviceScope("dev_alice", signer));
    const token = String(cut.attributes.access_token);
    expect(token.startsWith("dev_alice.")).toBe(true);
    expect(cut.attributes.entity_picture).toBe(`/api/camera_proxy/camera.driveway?token=${token}`);
    expect(cut.attributes.frontend_stream_type).toBe("hls");
    expect(stateJson(cut)).not.toContain(HA_TOKEN);
    expect(signer.deviceFor(token, "camera.driveway")).toBe("dev_alice");
    expect(signer.deviceFor(token, "camera.garden")).toBeNull();
    const bobs = scopedState(state, deviceScope("dev_bob", signer));
    expect(bobs.attributes.access_token).not.toBe(token);
    // The mirror's state is never changed.
    expect(state.attributes.access_token).toBe(HA_TOKEN);
  });

  it("has no picture for a scope nobody registered, or one without the camera", () => {
    const signer = new CameraSigner();
    const state = camera();
    for (const visible of [
      new Set(["camera.driveway"]),
      deviceScope("dev_alice", signer, ["light.kitchen"]),
    ]) {
      const text = stateJson(scopedState(state, visible));
      expect(text).not.toContain("entity_picture");
      expect(text).not.toContain(HA_TOKEN);
    }
  });

  it("keeps an integration's own picture, which is no HA proxy URL", () => {
    const own = {
      ...camera(),
      attributes: { entity_picture: "/local/driveway.png", friendly_name: "Driveway" },
    };
    const visible = deviceScope("dev_alice", new CameraSigner());
    expect(scopedState(own, visible)).toBe(own);
  });

  it("leaves every other state shared: the same object, the same payload", () => {
    const visible = deviceScope("dev_alice", new CameraSigner());
    expect(scopedState(light, visible)).toBe(light);
    const shared = new ChangePayload({ entityId: light.entity_id, oldState: light, newState: light }, KNOWN);
    expect(shared.scoped(() => visible)).toBe(shared);
    const change = { entityId: "camera.driveway", oldState: camera(), newState: camera("rotated-token") };
    const cameraPayload = new ChangePayload(change, KNOWN);
    expect(cameraPayload.scoped(() => visible)).not.toBe(cameraPayload);
  });

  it("gets a fresh picture in the diff when HA rotates its token minutes later", () => {
    let now = 1_700_000_000_000;
    const signer = new CameraSigner(() => now);
    const visible = deviceScope("dev_alice", signer);
    const before = camera();
    const held = scopedState(before, visible);
    now += 5 * 60_000;
    const after = camera("rotated-token", now);
    const diff = diffStates(scopedState(before, visible), scopedState(after, visible));
    const picture = (diff["+"] as { a?: Record<string, string> }).a?.entity_picture;
    expect(picture).toBeDefined();
    expect(picture).not.toBe(held.attributes.entity_picture);
    expect(JSON.stringify(diff)).not.toContain("rotated-token");
  });

  it("expires: 10 minutes after the state arrived, at least 5 after it was handed out", () => {
    let now = 1_700_000_000_000;
    const signer = new CameraSigner(() => now);
    const state = camera();
    const first = signer.sign("dev_alice", state);
    now += 9 * 60_000;
    expect(signer.deviceFor(first, "camera.driveway")).toBe("dev_alice");
    const late = signer.sign("dev_alice", state);
    now += 2 * 60_000;
    expect(signer.deviceFor(first, "camera.driveway")).toBeNull();
    expect(signer.deviceFor(late, "camera.driveway")).toBe("dev_alice");
    expect(new CameraSigner(() => now).deviceFor(late, "camera.driveway")).toBeNull();
  });
});
