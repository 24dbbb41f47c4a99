/**
 * For `bench-confirm.ts`: the real composition (the `Hasync` class, real SQLite in a temp dir,
 * listening on 127.0.0.1 port 0) over the demo Home Assistant, both in this process; devices
 * paired through the real pairing API, each from its own loopback address; and a minimal HA
 * WebSocket client that times each call from send to result.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Scope, ServiceRate } from "hasync";
import WebSocket from "ws";
import { Hasync } from "../src/hasync.js";
import { createLogger } from "../src/log/logger.js";
import { parseSettings } from "../src/settings/settings.js";
import { DemoHomeAssistant } from "../src/simulator/index.js";
import { deviceAddress, http } from "./bench-gateway-setup.js";

export const INGRESS_ADMIN = {
  "x-ingress-path": "/api/hassio_ingress/bench",
  "x-remote-user-id": "bench-admin",
  "x-remote-user-name": "bench",
};

export interface Bench {
  ha: DemoHomeAssistant;
  hasync: Hasync;
  base: string;
  stop: () => Promise<void>;
}

/** The demo home and HAsync on it, in this process; HAsync's own log only for errors. */
export async function startBench(): Promise<Bench> {
  const ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0 });
  await ha.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-bench-confirm-"));
  const settings = parseSettings({
    HASYNC_PORT: "0",
    HASYNC_HOST: "127.0.0.1",
    HASYNC_DATA_DIR: dir,
    HASYNC_FRONTEND_DIR: path.join(dir, "no-frontend"),
    HASYNC_INGRESS_PEER: "127.0.0.1",
    HASYNC_HA_URL: ha.url,
    HASYNC_HA_TOKEN: ha.token,
  });
  const log = createLogger({ level: "error", format: "plain", write: (line) => console.error(line) });
  const hasync = await Hasync.create({
    settings,
    log,
    version: "0.0.0-bench",
    defaultFrontendDir: path.join(dir, "no-frontend"),
  });
  const port = await hasync.start();
  const stop = async () => {
    await hasync.stop(100);
    await ha.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  if (!(await hasync.ha.waitUntilSynced(10_000))) {
    await stop();
    throw new Error("HAsync did not sync with the demo Home Assistant");
  }
  return { ha, hasync, base: `http://127.0.0.1:${port}`, stop };
}

export interface Paired {
  id: string;
  token: string;
  address: string;
}

/** Device code → the admin's approval with `scope` (and its own call rate) → token. */
export async function pairDevice(
  base: string,
  index: number,
  scope: Partial<Scope>,
  rate: ServiceRate | null,
): Promise<Paired> {
  const address = deviceAddress(index);
  const codes = await http(
    "POST",
    `${base}/api/v1/pairing/device-code`,
    {},
    { name: `Bench ${index}` },
    address,
  );
  if (codes.status !== 200) throw new Error(`device-code answered ${codes.status}`);
  const { user_code, device_code } = codes.body as { user_code: string; device_code: string };
  const approve = await http("POST", `${base}/api/v1/admin/pairing/approve`, INGRESS_ADMIN, {
    user_code,
    scope,
  });
  if (approve.status !== 201)
    throw new Error(`approve answered ${approve.status}: ${JSON.stringify(approve.body)}`);
  const { id } = approve.body as { id: string };
  if (rate !== null) {
    const patched = await http("PATCH", `${base}/api/v1/admin/devices/${id}`, INGRESS_ADMIN, { rate });
    if (patched.status !== 200) throw new Error(`rate PATCH answered ${patched.status}`);
  }
  const token = await http("POST", `${base}/api/v1/pairing/token`, {}, { device_code }, address);
  if (token.status !== 200) throw new Error(`token answered ${token.status}`);
  return { id, token: (token.body as { access_token: string }).access_token, address };
}

export interface CallResult {
  ok: boolean;
  ms: number;
  code?: string;
}

/** One device's HA WebSocket session: `call` sends a call_service and resolves with its result and time. */
export interface DeviceSocket {
  call(domain: string, service: string, entityId: string): Promise<CallResult>;
  close(): void;
}

export function openDevice(base: string, device: Paired): Promise<DeviceSocket> {
  const socket = new WebSocket(`${base.replace("http", "ws")}/api/websocket`, {
    localAddress: device.address,
  });
  const waiting = new Map<number, (result: CallResult) => void>();
  let nextId = 1;
  return new Promise((resolve, reject) => {
    socket.on("error", reject);
    socket.on("message", (data) => {
      const at = performance.now();
      const message = JSON.parse(data.toString()) as {
        type: string;
        id?: number;
        success?: boolean;
        error?: { code: string };
      };
      if (message.type === "auth_required")
        socket.send(JSON.stringify({ type: "auth", access_token: device.token }));
      else if (message.type === "auth_invalid") reject(new Error("a bench device was refused"));
      else if (message.type === "auth_ok") resolve(handle());
      else if (message.type === "result" && message.id !== undefined) {
        const settle = waiting.get(message.id);
        waiting.delete(message.id);
        settle?.({
          ok: message.success === true,
          ms: at,
          ...(message.error ? { code: message.error.code } : {}),
        });
      }
    });
  });

  function handle(): DeviceSocket {
    return {
      call(domain, service, entityId) {
        const id = nextId++;
        const sent = performance.now();
        const answered = new Promise<CallResult>((settle) => waiting.set(id, settle));
        socket.send(
          JSON.stringify({ id, type: "call_service", domain, service, target: { entity_id: entityId } }),
        );
        return answered.then((result) => ({ ...result, ms: result.ms - sent }));
      },
      close: () => socket.close(),
    };
  }
}
