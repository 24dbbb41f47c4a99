/**
 * Benchmark (not a test): the size of HAsync's WAL after a device floods refused calls (issue 11,
 * item 7: 0861a99 grew it to 357 MB with 20,000). HAsync runs in this process on a real data
 * folder, against the demo Home Assistant; a device paired read-only through the real pairing API
 * sends `call_service` over the WebSocket API, each refused by its scope (or by its rate limit).
 * A second phase writes audit entries straight through the audit log, past the rate limit, so the
 * WAL bound is measured on the write path itself.
 *
 *   npm run bench:wal -- [--calls 20000] [--writes 20000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { DATABASE_FILE } from "../src/db/backup.js";
import { Hasync } from "../src/hasync.js";
import { createLogger } from "../src/log/logger.js";
import { parseSettings } from "../src/settings/settings.js";
import { DemoHomeAssistant } from "../src/simulator/index.js";
import { deviceAddress, pairOne } from "./bench-gateway-setup.js";

const { values } = parseArgs({
  options: { calls: { type: "string", default: "20000" }, writes: { type: "string", default: "20000" } },
});
const calls = Number(values.calls);
const writes = Number(values.writes);
/** Calls in flight at once: a fast client, without this process queueing 20,000 frames. */
const WINDOW = 200;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function authenticated(url: string, token: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { localAddress: deviceAddress(0) });
  await new Promise<void>((resolve, reject) => {
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === "auth_required")
        socket.send(JSON.stringify({ type: "auth", access_token: token }));
      else if (message.type === "auth_ok") resolve();
      else if (message.type === "auth_invalid") reject(new Error("auth_invalid"));
    });
    socket.once("error", reject);
  });
  socket.removeAllListeners("message");
  return socket;
}

/** Sends `count` refused calls, at most WINDOW unanswered at a time; resolves when all are answered. */
function flood(socket: WebSocket, count: number, sample: () => void): Promise<number> {
  let sent = 0;
  let answered = 0;
  let refused = 0;
  return new Promise((resolve) => {
    const send = () => {
      while (sent < count && sent - answered < WINDOW) {
        sent += 1;
        const call = { domain: "light", service: "turn_on", target: { entity_id: "light.kitchen_spots" } };
        socket.send(JSON.stringify({ id: sent, type: "call_service", ...call }));
      }
    };
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as { type: string; success?: boolean };
      if (message.type !== "result") return;
      answered += 1;
      if (answered % 500 === 0) sample();
      if (message.success === false) refused += 1;
      if (answered === count) resolve(refused);
      else send();
    });
    send();
  });
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-bench-wal-"));
  const wal = path.join(dataDir, `${DATABASE_FILE}-wal`);
  const walSize = () => (fs.existsSync(wal) ? fs.statSync(wal).size : 0);
  const ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0 });
  await ha.start();
  const log = createLogger({
    level: "warn",
    format: "plain",
    write: (line) => process.stderr.write(`${line}\n`),
  });
  const settings = parseSettings({
    HASYNC_PORT: "0",
    HASYNC_HOST: "127.0.0.1",
    HASYNC_DATA_DIR: dataDir,
    HASYNC_HA_URL: ha.url,
    HASYNC_HA_TOKEN: ha.token,
    HASYNC_INGRESS_PEER: "127.0.0.1",
  });
  const hasync = await Hasync.create({ settings, log, version: "bench", defaultFrontendDir: dataDir });
  try {
    const port = await hasync.start();
    if (!(await hasync.ha.waitUntilSynced(10_000))) throw new Error("HAsync did not sync with the demo HA");
    const base = `http://127.0.0.1:${port}`;
    const token = await pairOne(base, 0, ["light.kitchen_spots"]);
    const socket = await authenticated(`ws://127.0.0.1:${port}/api/websocket`, token);
    const started = performance.now();
    let peak = 0;
    const refused = await flood(socket, calls, () => {
      peak = Math.max(peak, walSize());
    });
    const seconds = (performance.now() - started) / 1000;
    socket.close();
    hasync.audit.flush();
    const rows = hasync.db
      .prepare("SELECT count(*) AS entries, coalesce(sum(count), 0) AS counted FROM audit_log WHERE type = ?")
      .get("gateway.call_refused") as { entries: number; counted: number };
    console.log(`refused calls over the WebSocket: ${refused} of ${calls} in ${seconds.toFixed(1)} s`);
    console.log(`  audit entries written: ${rows.entries}, refusals they count: ${rows.counted}`);
    console.log(`  WAL after the flood: ${mb(walSize())} (largest seen during it: ${mb(peak)})`);

    peak = 0;
    for (let i = 0; i < writes; i++) {
      hasync.audit.record("auth.login_failed", { ip: "192.0.2.1", detail: { bench: i } });
      if (i % 500 === 0) peak = Math.max(peak, walSize());
    }
    console.log(`audit entries written straight through the audit log: ${writes}`);
    console.log(`  WAL after them: ${mb(walSize())} (largest seen: ${mb(peak)})`);
  } finally {
    await hasync.stop(100);
    await ha.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
