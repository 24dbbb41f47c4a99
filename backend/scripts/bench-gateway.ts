/**
 * Benchmark (not a test): the device gateway under load (issue 6). The demo Home Assistant and
 * HAsync (the built `dist/main.js`, as production runs it) each run in their own child process; this process
 * plays the devices and, for reference, one client subscribed to the demo HA directly.
 *
 *   npm run bench -- [--seconds 30] [--devices 200] [--per-device 50] [--entities 2000] [--rate 500]
 *                    [--entry src/main.ts]   (default: the built dist/main.js, as production runs it)
 *
 * Added latency = when a device receives a change − when the direct subscriber received the same
 * change (matched by HA's context id). Phase 2 adds `--idle` more sockets whose scopes never
 * change: fan-out cost must not grow with sockets that do not want an event.
 * Targets: p99 added latency < 10 ms, HAsync < 50 % of one core, RSS < 150 MB.
 */
import { type ChildProcess, execSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { deviceAddress, freePort, http, pairDevices, sleep, waitUntil } from "./bench-gateway-setup.js";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "30" },
    warmup: { type: "string", default: "5" },
    devices: { type: "string", default: "200" },
    idle: { type: "string", default: "200" },
    "per-device": { type: "string", default: "50" },
    entities: { type: "string", default: "2000" },
    rate: { type: "string", default: "500" },
    entry: { type: "string", default: "dist/main.js" },
  },
});
const { entry, ...numeric } = values;
const opt = Object.fromEntries(Object.entries(numeric).map(([k, v]) => [k, Number(v)])) as Record<
  string,
  number
>;
const seconds = opt.seconds ?? 30;

/** Receive times of changes, keyed by HA's context id (new for every change). */
const direct = new Map<string, number>();
let deviceSamples: Array<[string, number]> = [];
/** A second direct subscriber: its "added latency" is this process's own measurement noise. */
let referenceSamples: Array<[string, number]> = [];
let deviceEvents = 0;

/**
 * Context ids of the changes (`c` events) in a frame. A regex rather than JSON.parse keeps this
 * process's own work per frame small, so its event loop adds as little as possible to the figures.
 * Both HA's diff and the gateway's put `c` before `a` inside `"+"`.
 */
const CHANGE_CONTEXT = /"\+":\{[^{}]*?"c":(?:"([^"]+)"|\{"id":"([^"]+)")/g;
function contextsOf(frame: string): string[] {
  const out: string[] = [];
  for (const match of frame.matchAll(CHANGE_CONTEXT)) out.push((match[1] ?? match[2]) as string);
  return out;
}

async function openClient(
  url: string,
  token: string,
  onChange: (ctx: string, at: number) => void,
  localAddress?: string,
) {
  // Each device from its own address, as tablets are: HAsync limits sockets authenticating per address.
  const socket = new WebSocket(url, localAddress === undefined ? {} : { localAddress });
  let ready: () => void = () => {};
  const subscribed = new Promise<void>((resolve) => {
    ready = resolve;
  });
  socket.on("message", (data) => {
    const at = performance.now();
    const text = data.toString();
    if (text.includes('"auth_required"')) {
      socket.send(JSON.stringify({ type: "auth", access_token: token }));
    } else if (text.includes('"auth_ok"')) {
      socket.send(JSON.stringify({ id: 1, type: "supported_features", features: { coalesce_messages: 1 } }));
      socket.send(JSON.stringify({ id: 2, type: "subscribe_entities" }));
    } else if (text.includes('"auth_invalid"')) {
      throw new Error("a bench client was refused");
    } else {
      if (text.includes('"a":{')) ready();
      for (const ctx of contextsOf(text)) onChange(ctx, at);
    }
  });
  await subscribed;
  return socket;
}

interface ProcSample {
  at: number;
  cpuTicks: number;
  rssKb: number;
}

const CLK_TCK = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;

function procSample(pid: number): ProcSample {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  const rss = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return { at: performance.now(), cpuTicks, rssKb: Number(rss?.[1] ?? 0) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

const latencies = (samples: Array<[string, number]>) =>
  samples
    .map(([ctx, at]) => at - (direct.get(ctx) ?? Number.NaN))
    .filter((ms) => Number.isFinite(ms))
    .sort((a, b) => a - b);

const summary = (sorted: number[]) =>
  `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, ` +
  `max ${(sorted.at(-1) ?? Number.NaN).toFixed(2)} ms`;

async function measure(label: string, pid: number): Promise<void> {
  deviceSamples = [];
  referenceSamples = [];
  deviceEvents = 0;
  const first = procSample(pid);
  let maxRss = first.rssKb;
  for (let s = 0; s < seconds; s++) {
    await sleep(1000);
    maxRss = Math.max(maxRss, procSample(pid).rssKb);
  }
  const last = procSample(pid);
  const cpu = ((last.cpuTicks - first.cpuTicks) / CLK_TCK / ((last.at - first.at) / 1000)) * 100;
  await sleep(200);
  const added = latencies(deviceSamples);
  console.log(`\n${label}`);
  console.log(
    `  device events delivered: ${(deviceEvents / seconds).toFixed(0)}/s (matched ${added.length})`,
  );
  console.log(`  added latency HA → device: ${summary(added)}`);
  console.log(`  noise floor (second direct subscriber): ${summary(latencies(referenceSamples))}`);
  console.log(
    `  HAsync CPU: ${cpu.toFixed(1)} % of one core; RSS ${(last.rssKb / 1024).toFixed(1)} MB (max ${(maxRss / 1024).toFixed(1)} MB)`,
  );
}

function startChild(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, args, { cwd: backendDir, env, stdio: ["ignore", "ignore", "inherit"] });
}

async function main(): Promise<void> {
  const haToken = randomBytes(24).toString("hex");
  const [haPort, port] = [await freePort(), await freePort()];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-bench-"));
  const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
  const children: ChildProcess[] = [];
  try {
    const extra = String(Math.max(0, (opt.entities ?? 2000) - 50));
    const demoArgs = [tsxCli, "src/simulator/cli.ts", "--port", String(haPort), "--token", haToken];
    children.push(
      startChild(
        [...demoArgs, "--entities", extra, "--event-rate", String(opt.rate), "--drift-ms", "0"],
        process.env,
      ),
    );
    await waitUntil(
      () =>
        http("GET", `http://127.0.0.1:${haPort}/api/`, { authorization: `Bearer ${haToken}` }).then(
          (r) => r.status === 200,
        ),
      30_000,
      "the demo HA",
    );
    // `--import tsx` (not the tsx CLI) keeps HAsync one process, so its pid is the one measured.
    const hasync = startChild(entry.endsWith(".js") ? [entry] : ["--import", "tsx", entry], {
      ...process.env,
      HASYNC_PORT: String(port),
      HASYNC_HOST: "127.0.0.1",
      HASYNC_DATA_DIR: dataDir,
      HASYNC_HA_URL: `http://127.0.0.1:${haPort}`,
      HASYNC_HA_TOKEN: haToken,
      HASYNC_INGRESS_PEER: "127.0.0.1",
      HASYNC_MAX_DEVICE_CONNECTIONS: String((opt.devices ?? 0) + (opt.idle ?? 0) + 10),
      HASYNC_LOG_LEVEL: "warn",
    });
    children.push(hasync);
    const base = `http://127.0.0.1:${port}`;
    const { active, idle, entityCount } = await pairDevices(base, opt);
    console.log(`HAsync mirrors ${entityCount} entities; ${active.length} + ${idle.length} devices paired`);

    await sleep(2000);
    const baseline = procSample(hasync.pid ?? 0);
    const haWsUrl = `ws://127.0.0.1:${haPort}/api/websocket`;
    await openClient(haWsUrl, haToken, (ctx, at) => direct.set(ctx, at));
    await openClient(haWsUrl, haToken, (ctx, at) => referenceSamples.push([ctx, at]));
    const onDevice = (ctx: string, at: number) => {
      deviceEvents++;
      deviceSamples.push([ctx, at]);
    };
    const wsUrl = `ws://127.0.0.1:${port}/api/websocket`;
    await Promise.all(active.map((token, i) => openClient(wsUrl, token, onDevice, deviceAddress(i))));
    await sleep((opt.warmup ?? 5) * 1000);
    const pid = hasync.pid ?? 0;
    console.log(`HAsync RSS with no device connected: ${(baseline.rssKb / 1024).toFixed(1)} MB`);
    await measure(`phase 1: ${active.length} device sockets, ~${opt["per-device"]} busy entities each`, pid);
    await Promise.all(
      idle.map((token, i) => openClient(wsUrl, token, onDevice, deviceAddress(active.length + i))),
    );
    await sleep(2000);
    await measure(`phase 2: + ${idle.length} sockets subscribed to entities that never change`, pid);
    console.log(
      `\nHAsync ${entry}; demo HA: ${entityCount} entities, ${opt.rate} changes/s; ${seconds} s per phase; ` +
        `node ${process.version}; ${os.cpus().length} cores; load average ${os.loadavg()[0]?.toFixed(2)}`,
    );
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
