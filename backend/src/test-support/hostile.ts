import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { Scope } from "hasync";
import { expect } from "vitest";
import { DemoHomeAssistant } from "../simulator/index.js";
import { RawHaClient } from "./ha-raw-client.js";
import { startTestServer, type TestServer, tempDir } from "./harness.js";
import { pairDevice } from "./pairing.js";

export interface HostileTarget {
  ha: DemoHomeAssistant;
  /** The real composition (hasync.ts): its own listener, gateway, limits and HA link. */
  server: TestServer;
  /** A device paired before the attack, whose service must survive it. */
  token: string;
  close(): Promise<void>;
}

/** HAsync exactly as main.ts composes it, on port 0, with the demo HA as Home Assistant. */
export async function startHostileTarget(scope: Partial<Scope> = { areas: ["kitchen"], access: "control" }) {
  const ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0 });
  await ha.start();
  // A built admin UI, as in production, so requests the UI would answer get its page, not "not built".
  const frontendDir = tempDir("hasync-hostile-ui-");
  fs.writeFileSync(path.join(frontendDir, "index.html"), "<!doctype html><title>HAsync</title>");
  // The device app at the LAN root: a built frontend has both pages.
  fs.writeFileSync(path.join(frontendDir, "screen.html"), "<!doctype html><title>HAsync screen</title>");
  const server = await startTestServer({
    frontendDir,
    env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    ha: { timings: { reconnectInitialMs: 20, reconnectMaxMs: 200, registryDebounceMs: 20 } },
  });
  if (!(await server.hasync.ha.waitUntilSynced(5000)))
    throw new Error("HAsync did not sync with the demo HA");
  const { token } = await pairDevice(server.url, scope, "Survivor");
  return {
    ha,
    server,
    token,
    async close() {
      await server.close();
      await ha.stop();
      fs.rmSync(frontendDir, { recursive: true, force: true });
    },
  } satisfies HostileTarget;
}

/** Sends raw bytes and resolves with everything the server wrote before the connection closed. */
export function rawExchange(port: number, request: string | Buffer, localAddress?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1", ...(localAddress ? { localAddress } : {}) }, () =>
      socket.write(request),
    );
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => {});
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
  });
}

/** The process still serves: /health answers, and the paired device reads and acts over both APIs. */
export async function expectStillServing(target: HostileTarget): Promise<void> {
  const health = await fetch(`${target.server.url}/health`);
  expect(health.status).toBe(200);
  const client = await RawHaClient.authenticated(target.server.url, target.token);
  try {
    client.send({ id: 1, type: "get_states" });
    expect(await client.reply(1)).toMatchObject({ success: true });
    client.send({
      id: 2,
      type: "call_service",
      domain: "light",
      service: "toggle",
      target: { entity_id: "light.kitchen_spots" },
    });
    expect(await client.reply(2, 5000)).toMatchObject({ success: true });
  } finally {
    client.close();
  }
  const rest = await fetch(`${target.server.url}/api/`, {
    headers: { authorization: `Bearer ${target.token}` },
  });
  expect(await rest.json()).toEqual({ message: "API running." });
}
