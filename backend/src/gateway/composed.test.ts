import { getStates, watchEntities } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness.js";
import { pairDevice } from "../test-support/pairing.js";

/** The gateway as the composition root wires it: same port as the admin API, embedded demo HA. */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { HASYNC_INGRESS_PEER: "127.0.0.1" } });
});
afterAll(() => server.close());

describe("the composed HAsync serves Home Assistant's API to devices", () => {
  it("answers REST and WebSocket on its own port with exactly the device's scope, and stops with sockets open", async () => {
    const { token } = await pairDevice(server.url, { areas: ["kitchen"] }, "Wired tablet");
    const states = await getStates(server.url, token);
    const ids = states.map((s) => s.entity_id).sort();
    const [device] = server.hasync.devices.list();
    expect(ids).toEqual([...server.hasync.devices.entitiesOf(device?.id ?? "")].sort());
    expect(ids).toContain("light.kitchen_spots");
    expect(ids).not.toContain("lock.front_door");

    const seen = new Map<string, string>();
    const watch = watchEntities(server.url, token, (update) => {
      for (const [id, state] of update.states) seen.set(id, state.state);
    });
    await watch.ready;
    expect([...seen.keys()].sort()).toEqual(ids);
    expect(server.hasync.gateway.connectionCount).toBe(1);
    // Closing HAsync with the device still connected must not hang on the upgraded socket.
    const t0 = Date.now();
    await server.hasync.stop(100);
    expect(Date.now() - t0).toBeLessThan(3000);
    await watch.closed.catch(() => undefined);
  });
});
