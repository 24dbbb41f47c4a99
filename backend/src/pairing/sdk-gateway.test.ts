import fs from "node:fs";
import path from "node:path";
import { DeviceApiError, type EntitiesUpdate, getStates, TOKEN_REJECTED, watchEntities } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { tempDir } from "../test-support/harness.js";
import { CliRunner, writeDeviceFile } from "../test-support/hasync-cli.js";
import { rejectionOf } from "../test-support/pairing.js";

/**
 * The SDK's device API and the CLI's `states`/`watch` against HAsync's real device gateway:
 * a device paired through the real pairing API sees exactly its scope, live, until revoked.
 */
let fx: GatewayFixture;
let dir: string;
let runner: CliRunner;

beforeAll(async () => {
  fx = await startGatewayFixture();
  dir = tempDir("hasync-sdk-gateway-");
  runner = new CliRunner();
});
afterAll(async () => {
  runner.killAll();
  await fx.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const KITCHEN = { areas: ["kitchen"], access: "read" as const };
const inScope = (deviceId: string) => [...fx.server.hasync.devices.entitiesOf(deviceId)].sort();

const deviceApiError = (promise: Promise<unknown>) => rejectionOf(promise, DeviceApiError);

async function revoke(deviceId: string): Promise<void> {
  expect((await fx.admin(`/devices/${deviceId}`, { method: "DELETE" })).status).toBe(204);
}

describe("the SDK against the gateway", () => {
  it("getStates returns exactly the device's scope, and token_rejected once revoked", async () => {
    const { token, device } = await fx.pair(KITCHEN, "SDK reader");
    const states = await getStates(fx.url, token);
    expect(states.map((s) => s.entity_id).sort()).toEqual(inScope(device.id));
    expect(states.length).toBeGreaterThan(2);
    expect(states.every((s) => s.entity_id !== "lock.front_door")).toBe(true);
    await revoke(device.id);
    const error = await deviceApiError(getStates(fx.url, token));
    expect(error).toMatchObject({ code: "token_rejected", message: TOKEN_REJECTED });
  });

  it("watchEntities sees its scope live, not other changes, and ends with token_rejected on revocation", async () => {
    const { token, device } = await fx.pair(KITCHEN, "SDK watcher");
    const updates: EntitiesUpdate[] = [];
    let notify = () => {};
    const watch = watchEntities(fx.url, token, (u) => {
      updates.push({ ...u, changes: [...u.changes] });
      notify();
    });
    await watch.ready;
    expect([...(updates[0]?.states.keys() ?? [])].sort()).toEqual(inScope(device.id));

    const next = new Promise<void>((resolve) => {
      notify = resolve;
    });
    fx.ha.setState("lock.front_door", "jammed");
    fx.ha.setState("switch.coffee_maker", "on");
    await next;
    expect(updates[1]?.changes.map((c) => [c.entity_id, c.after?.state])).toEqual([
      ["switch.coffee_maker", "on"],
    ]);

    const revokedAt = performance.now();
    await revoke(device.id);
    const error = await deviceApiError(watch.closed);
    expect(error).toMatchObject({ code: "token_rejected", message: TOKEN_REJECTED });
    expect(performance.now() - revokedAt).toBeLessThan(1000);
  });
});

describe("the CLI against the gateway", { timeout: 30_000 }, () => {
  it("states lists the scope; watch prints a change and exits 1 when the device is revoked", async () => {
    const { token, device } = await fx.pair(KITCHEN, "CLI reader");
    const file = path.join(dir, "device.json");
    writeDeviceFile(file, { base_url: fx.url, access_token: token, name: "CLI reader" });

    const states = runner.run(["states", "--file", file]);
    expect(await states.exit()).toBe(0);
    const rows = states.stdout().trimEnd().split("\n").slice(1, -1);
    expect(rows.map((row) => row.split(" ")[0]).sort()).toEqual(inScope(device.id));

    fx.ha.setState("switch.coffee_maker", "off");
    const watch = runner.run(["watch", "--file", file]);
    await watch.waitFor(new RegExp(`watching ${inScope(device.id).length} entities as "CLI reader"`));
    fx.ha.setState("switch.coffee_maker", "on");
    await watch.waitFor(/switch\.coffee_maker {2}off → on\n/);
    await revoke(device.id);
    expect(await watch.exit(5000)).toBe(1);
    expect(watch.stderr()).toBe(`hasync: ${TOKEN_REJECTED}\n`);
  });
});
