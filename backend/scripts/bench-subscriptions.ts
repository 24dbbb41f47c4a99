/**
 * Benchmark (not a test): what subscriptions on one device socket cost HAsync (issue 11, item 10).
 * The demo Home Assistant and HAsync (the built `dist/main.js`) each run in a child process; this
 * process pairs one device scoped to 20 entities and sends `--count` subscribe_entities on one
 * socket, reading every answer. It prints how many were accepted and refused and HAsync's RSS
 * (from /proc) before and after.
 *
 *   npm run bench:subscriptions -- [--count 10000] [--entry dist/main.js]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { rssMb } from "./bench-child.js";
import { freePort, mirroredEntityIds, pairOne, sleep } from "./bench-gateway-setup.js";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    entry: { type: "string", default: "dist/main.js" },
  },
});
const count = Number(values.count);
const BATCH = 200;

/** Opens an authenticated device socket; `onMessage` sees every message after auth_ok. */
async function deviceSocket(url: string, token: string, onMessage: (m: Record<string, unknown>) => void) {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.on("message", (data) => {
      const parsed: unknown = JSON.parse(data.toString());
      for (const m of (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>) {
        if (m.type === "auth_required") socket.send(JSON.stringify({ type: "auth", access_token: token }));
        else if (m.type === "auth_ok") resolve();
        else if (m.type === "auth_invalid") reject(new Error("the bench device was refused"));
        else onMessage(m);
      }
    });
    socket.once("error", reject);
  });
  return socket;
}

async function subscribeAll(socket: WebSocket, answers: Map<number, boolean>): Promise<void> {
  for (let start = 1; start <= count; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, count - start + 1) }, (_, i) => start + i);
    socket.send(JSON.stringify(ids.map((id) => ({ id, type: "subscribe_entities" }))));
    const last = ids.at(-1) as number;
    while (!answers.has(last)) await sleep(5);
  }
}

function startChild(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, args, { cwd: backendDir, env, stdio: ["ignore", "ignore", "inherit"] });
}

async function main(): Promise<void> {
  const haToken = randomBytes(24).toString("hex");
  const [haPort, port] = [await freePort(), await freePort()];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-bench-subs-"));
  const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
  const children: ChildProcess[] = [];
  try {
    const demoArgs = [tsxCli, "src/simulator/cli.ts", "--port", String(haPort), "--token", haToken];
    children.push(startChild([...demoArgs, "--drift-ms", "0", "--event-rate", "0"], process.env));
    const base = `http://127.0.0.1:${port}`;
    const hasync = startChild(
      values.entry.endsWith(".js") ? [values.entry] : ["--import", "tsx", values.entry],
      {
        ...process.env,
        HASYNC_PORT: String(port),
        HASYNC_HOST: "127.0.0.1",
        HASYNC_DATA_DIR: dataDir,
        HASYNC_HA_URL: `http://127.0.0.1:${haPort}`,
        HASYNC_HA_TOKEN: haToken,
        HASYNC_INGRESS_PEER: "127.0.0.1",
        HASYNC_LOG_LEVEL: "warn",
      },
    );
    children.push(hasync);
    const ids = await mirroredEntityIds(base, 21);
    const token = await pairOne(base, 0, ids.slice(0, 20));
    const answers = new Map<number, boolean>();
    const socket = await deviceSocket(`ws://127.0.0.1:${port}/api/websocket`, token, (m) => {
      if (m.type === "result" && typeof m.id === "number") answers.set(m.id, m.success === true);
    });
    await sleep(1000);
    const pid = hasync.pid ?? 0;
    const before = rssMb(pid);
    const started = Date.now();
    await subscribeAll(socket, answers);
    const seconds = (Date.now() - started) / 1000;
    await sleep(1000);
    const after = rssMb(pid);
    const accepted = [...answers.values()].filter(Boolean).length;
    console.log(`${count} subscribe_entities on one socket (scope: 20 entities) in ${seconds.toFixed(1)} s`);
    console.log(`  accepted ${accepted}, refused ${answers.size - accepted}`);
    console.log(
      `  HAsync RSS: ${before.toFixed(1)} MB before, ${after.toFixed(1)} MB after (+${(after - before).toFixed(1)} MB)`,
    );
    console.log(
      `HAsync ${values.entry}; node ${process.version}; load average ${os.loadavg()[0]?.toFixed(2)}`,
    );
    socket.terminate();
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await sleep(500);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
