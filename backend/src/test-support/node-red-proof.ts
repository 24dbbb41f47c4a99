import { afterAll, beforeAll, expect } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "./gateway.js";
import type { FlowTarget } from "./node-red-flows.js";

// Node-RED starts in seconds on a quiet machine; these bound a hang on a loaded one.
export const STARTUP_MS = 90_000;
export const STEP_MS = 45_000;

/** One way of reaching Home Assistant: directly, or through HAsync with a device token. */
export interface ProofCase {
  name: string;
  target: () => FlowTarget;
  /** Entity ids the token may see. */
  visible: () => string[];
  /** Whether the out-of-scope entity and call are visible / allowed. */
  wholeHouse: boolean;
}

export interface ProofSetup {
  fx: () => GatewayFixture;
  /** [directly against the demo HA, through HAsync]: the same flows run against both. */
  cases: ProofCase[];
}

/**
 * Registers the file's beforeAll/afterAll: HAsync against the demo HA, and a kitchen device
 * (control) presented as an administrator, since the palette closes the connection unless
 * auth/current_user says is_admin (its homeAssistant/Websocket.js).
 */
export function setUpNodeRedProof(): ProofSetup {
  let fx: GatewayFixture;
  let kitchen: { token: string; deviceId: string };
  let house: string[];
  beforeAll(async () => {
    fx = await startGatewayFixture();
    const paired = await fx.pair({ areas: ["kitchen"], access: "control" }, "Node-RED");
    kitchen = { token: paired.token, deviceId: paired.device.id };
    const res = await fx.admin(`/devices/${kitchen.deviceId}`, {
      method: "PATCH",
      body: JSON.stringify({ presents_as_admin: true }),
    });
    expect(res.status).toBe(200);
    const states = await fetch(`${fx.ha.url}/api/states`, {
      headers: { authorization: `Bearer ${fx.ha.token}` },
    });
    house = ((await states.json()) as { entity_id: string }[]).map((s) => s.entity_id).sort();
  }, STARTUP_MS);
  afterAll(async () => {
    await fx?.close();
  });
  const cases: ProofCase[] = [
    {
      name: "directly against the demo HA",
      target: () => ({ url: fx.ha.url, token: fx.ha.token }),
      visible: () => house,
      wholeHouse: true,
    },
    {
      name: "through HAsync with a device token",
      target: () => ({ url: fx.url, token: kitchen.token }),
      visible: () => [...fx.server.hasync.devices.entitiesOf(kitchen.deviceId)].sort(),
      wholeHouse: false,
    },
  ];
  return { fx: () => fx, cases };
}
