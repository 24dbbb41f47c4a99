import { type Device, type EntityAccess, effectiveAccess, type Scope, ScreenSessionSchema } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeviceRecord } from "../devices/types.js";
import { DemoHomeAssistant } from "../simulator/index.js";
import { startTestServer, type TestServer } from "../test-support/harness.js";
import { adminPost } from "../test-support/pairing.js";
import { ScreenBrowser } from "../test-support/screen.js";
import { type ScreenAccess, screenAccess } from "./session.js";

/**
 * The session's `access` and `entity_access` (issue 15): what the device app draws its tiles'
 * controls from. Unit cases on `screenAccess`, then the session through the real HAsync with the
 * simulator as Home Assistant, read after collecting and again from GET /session.
 */
const LOCK = "lock.front_door";
const GARAGE = "cover.garage_door";
const BLINDS = "cover.bedroom_blinds";
const LIGHT = "light.hallway";
const ENTITIES = [LOCK, GARAGE, BLINDS, LIGHT];

/** The devices service as the session reads it, over a fixed entity set and device classes. */
function accessFrom(
  scope: Scope,
  entities: readonly string[],
  classes: Record<string, string> = {},
): ScreenAccess {
  return {
    entitiesOf: () => new Set(entities),
    accessOf: (_device, id) => (entities.includes(id) ? effectiveAccess(scope, id, classes[id]) : null),
  };
}

const device = (scope: Scope) => ({ id: "dev", scope }) as DeviceRecord;
const scopeOf = (fields: Partial<Scope>): Scope => ({
  areas: [],
  entities: [],
  exclude: [],
  access: "read",
  ...fields,
});

describe("screenAccess", () => {
  it("leaves a plain scope's session as it was: its access, no entity_access", () => {
    const read = scopeOf({ access: "read" });
    expect(screenAccess(device(read), accessFrom(read, [LIGHT]))).toEqual({ access: "read" });
    const control = scopeOf({ access: "control" });
    expect(screenAccess(device(control), accessFrom(control, [LIGHT]))).toEqual({ access: "control" });
  });

  it("lists what differs from a control scope: locks and garage doors ask first, read rules", () => {
    const scope = scopeOf({ access: "control", entity_access: { [BLINDS]: "read" } });
    expect(screenAccess(device(scope), accessFrom(scope, ENTITIES, { [GARAGE]: "garage" }))).toEqual({
      access: "control",
      entity_access: { [LOCK]: "confirm", [GARAGE]: "confirm", [BLINDS]: "read" },
    });
  });

  it("turns a read scope with a control or confirm entity into control, listing the rest", () => {
    const scope = scopeOf({ access: "read", entity_access: { [LIGHT]: "control", [LOCK]: "confirm" } });
    expect(screenAccess(device(scope), accessFrom(scope, ENTITIES))).toEqual({
      access: "control",
      entity_access: { [LOCK]: "confirm", [GARAGE]: "read", [BLINDS]: "read" },
    });
  });

  it("never lists a hidden entity, and says read when every shown one is read", () => {
    const scope = scopeOf({
      access: "control",
      domain_access: { cover: "hidden", lock: "read", light: "read" },
    });
    const shown = accessFrom(scope, ENTITIES);
    expect(screenAccess(device(scope), shown)).toEqual({ access: "read" });
  });

  it("goes by the scope's own rules while nothing is resolved yet (HA's registries not in)", () => {
    const none: ScreenAccess = { entitiesOf: () => new Set(), accessOf: () => null };
    expect(screenAccess(device(scopeOf({ access: "control" })), none)).toEqual({ access: "control" });
    const confirmOne = scopeOf({ access: "read", entity_access: { [LOCK]: "confirm" } });
    expect(screenAccess(device(confirmOne), none)).toEqual({ access: "control" });
    expect(screenAccess(device(scopeOf({ access: "read" })), none)).toEqual({ access: "read" });
  });
});

describe("the screen session through HAsync", () => {
  let ha: DemoHomeAssistant;
  let server: TestServer;

  beforeAll(async () => {
    ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0 });
    await ha.start();
    server = await startTestServer({
      env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    });
    if (!(await server.hasync.ha.waitUntilSynced(5000))) throw new Error("HAsync did not sync");
  });
  afterAll(async () => {
    await server.close();
    await ha.stop();
  });

  /** A browser paired with `scope`; the session its collect answered and the one GET /session answers. */
  async function sessionsOf(scope: object) {
    const browser = new ScreenBrowser(server.url);
    const pairing = await browser.pair();
    const approve = await adminPost(server.url, "/pairing/approve", { user_code: pairing.user_code, scope });
    expect(approve.status).toBe(201);
    const collected = await browser.post("/pairing/collect");
    expect(collected.status).toBe(200);
    const read = await browser.get("/session");
    expect(read.status).toBe(200);
    return {
      device: (await approve.json()) as Device,
      collected: ScreenSessionSchema.parse(await collected.json()).device,
      read: ScreenSessionSchema.parse(await read.json()).device,
    };
  }

  it("says which tiles ask first in a control scope (the lock and the garage door by default)", async () => {
    const { collected, read } = await sessionsOf({ entities: ENTITIES, access: "control" });
    const expected: Record<string, EntityAccess> = { [LOCK]: "confirm", [GARAGE]: "confirm" };
    expect(read).toMatchObject({ access: "control", entity_access: expected });
    expect(collected).toMatchObject({ access: "control", entity_access: expected });
  });

  it("shows a read scope with one controlled light as control, every other entity read", async () => {
    const { read } = await sessionsOf({
      entities: ENTITIES,
      access: "read",
      entity_access: { [LIGHT]: "control" },
    });
    expect(read.access).toBe("control");
    expect(read.entity_access).toEqual({ [LOCK]: "read", [GARAGE]: "read", [BLINDS]: "read" });
  });

  it("leaves a plain read scope's session without entity_access, and a hidden entity out", async () => {
    const plain = await sessionsOf({ entities: [LIGHT, BLINDS], access: "read" });
    expect(plain.read.access).toBe("read");
    expect(plain.read.entity_access).toBeUndefined();
    const hidden = await sessionsOf({
      entities: ENTITIES,
      access: "control",
      entity_access: { [LOCK]: "hidden" },
    });
    expect(hidden.read.entity_access).toEqual({ [GARAGE]: "confirm" });
  });
});
