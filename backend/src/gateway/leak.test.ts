import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { withoutSignatures } from "../test-support/cameras.js";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { authenticatedFrames } from "../test-support/ha-raw-client.js";

/**
 * Issue 6's containment proof: across thousands of mixed changes (states, attributes, removals,
 * registry moves, scope edits, scene members, camera token rotation) no frame sent to a device
 * ever names an entity that was never in its scope, nor carries a credential.
 */
interface Recorder {
  deviceId: string;
  frames: string[];
  /** Every entity that was in the device's scope at some moment. */
  everVisible: Set<string>;
  socket: WebSocket;
}

let fx: GatewayFixture;
const recorders: Recorder[] = [];

const SCOPES = [
  { areas: ["kitchen"], access: "control" as const },
  { entities: ["scene.movie_night", "light.kitchen_spots", "camera.driveway"] },
  { areas: ["living_room", "garage"], exclude: ["media_player.living_room_tv"] },
];

async function record(token: string, deviceId: string, coalesce: boolean): Promise<Recorder> {
  const { socket, frames } = await authenticatedFrames(fx.wsUrl, token);
  const commands = [
    ...(coalesce ? [{ id: 1, type: "supported_features", features: { coalesce_messages: 1 } }] : []),
    { id: 2, type: "subscribe_entities" },
    { id: 3, type: "subscribe_events", event_type: "state_changed" },
    {
      id: 4,
      type: "subscribe_entities",
      entity_ids: ["light.kitchen_spots", "lock.front_door", "sensor.synthetic_3"],
    },
    { id: 5, type: "get_states" },
  ];
  socket.send(JSON.stringify(commands));
  await waitFor(() => frames.join("").includes('"id":5,"type":"result"'), 10_000, "get_states");
  const everVisible = new Set(fx.server.hasync.devices.entitiesOf(deviceId));
  return { deviceId, frames, everVisible, socket };
}

beforeAll(async () => {
  fx = await startGatewayFixture({ demo: { extraEntities: 300 } });
  fx.server.hasync.devices.on("scopeChanged", (change) => {
    for (const recorder of recorders) {
      if (recorder.deviceId === change.deviceId) for (const id of change.added) recorder.everVisible.add(id);
    }
  });
  for (const [index, scope] of SCOPES.entries()) {
    const { token, device } = await fx.pair(scope, `Device ${index}`);
    recorders.push(await record(token, device.id, index !== 1));
  }
});

afterAll(async () => {
  for (const recorder of recorders) recorder.socket.terminate();
  await fx.close();
});

function burst(ids: readonly string[], round: number): void {
  for (const [i, entityId] of ids.entries()) {
    if (entityId.startsWith("camera.")) {
      const token = `rotated-secret-${round}`;
      fx.ha.setState(entityId, "idle", {
        access_token: token,
        entity_picture: `/api/camera_proxy/${entityId}?token=${token}`,
      });
    } else if (entityId === "scene.movie_night") {
      fx.ha.setState(entityId, "unknown", {
        entity_id: [ids[(round * 7) % ids.length], "light.kitchen_spots"],
      });
    } else if ((i + round) % 3 === 0) {
      fx.ha.setState(entityId, `s${round}`, { round, note: `r${round}` });
    } else {
      fx.ha.setState(entityId, `v${round}-${i}`);
    }
  }
}

describe("no entity outside a device's scope ever reaches it", () => {
  it("holds across a burst of thousands of mixed changes", async () => {
    const ids = [...fx.server.hasync.ha.allStates()].map((s) => s.entity_id);
    const allIds = new Set(ids);
    expect(ids.length).toBeGreaterThan(340);
    const patchScope = (deviceId: string, entities: string[]) =>
      fx.admin(`/devices/${deviceId}`, { method: "PATCH", body: JSON.stringify({ scope: { entities } }) });
    const [kitchen, guest] = recorders as [Recorder, Recorder];
    let changes = 0;
    for (let round = 0; round < 10; round++) {
      burst(ids, round);
      changes += ids.length;
      if (round === 2) {
        fx.ha.moveEntityToArea("light.hallway", "kitchen");
        await waitFor(() => kitchen.everVisible.has("light.hallway"), 10_000, "the move into the kitchen");
      }
      if (round === 4) fx.ha.moveEntityToArea("light.hallway", "hallway");
      if (round === 5) await patchScope(guest.deviceId, ["scene.movie_night", "lock.front_door"]);
      if (round === 7) fx.ha.removeEntity("sensor.synthetic_5");
      if (round === 8) fx.ha.removeEntity("switch.coffee_maker");
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(changes).toBeGreaterThan(3000);

    // A last change per device, so everything before it has been delivered.
    fx.ha.setState("light.kitchen_spots", "sentinel");
    fx.ha.setState("lock.front_door", "sentinel");
    fx.ha.setState("light.living_room_ceiling", "sentinel");
    for (const recorder of recorders) {
      await waitFor(() => recorder.frames.some((f) => f.includes('"sentinel"')), 10_000, "the sentinel");
    }

    for (const recorder of recorders) {
      const forbidden = [...allIds].filter((id) => !recorder.everVisible.has(id));
      expect(forbidden.length).toBeGreaterThan(200);
      const messages = recorder.frames.flatMap((f) => [JSON.parse(f)].flat() as Array<{ type: string }>);
      expect(messages.filter((m) => m.type === "event").length).toBeGreaterThan(50);
      for (const frame of recorder.frames) {
        for (const id of forbidden)
          if (frame.includes(`"${id}"`)) expect.fail(`${id} leaked: ${frame.slice(0, 300)}`);
        expect(frame).not.toContain("rotated-secret");
        expect(withoutSignatures(frame)).not.toMatch(/access_token|token=/);
      }
    }
    // The subscriptions saw the scope edits and moves, not just silence.
    const seen = (recorder: Recorder, text: string) => recorder.frames.some((frame) => frame.includes(text));
    expect(seen(kitchen, '"a":{"light.hallway"')).toBe(true);
    expect(seen(kitchen, '"r":["light.hallway"]')).toBe(true);
    expect(seen(kitchen, '"r":["switch.coffee_maker"]')).toBe(true);
    expect(seen(guest, '"r":["light.kitchen_spots"]')).toBe(true);
  });
});
