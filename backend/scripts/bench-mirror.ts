/**
 * Benchmark (not a test): how much CPU and memory the HA mirror needs to follow a big, busy home.
 * The demo Home Assistant runs in a child process (its CPU is not counted); this process runs only
 * the link + mirror, with a `states` listener and a few entity watchers like the gateway would.
 *
 *   npm run bench:mirror -- --seconds 300 --entities 5000 --rate 1000
 *
 * Targets (issue 4): < 25 % of one core, no memory growth over 5 minutes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";
import { HaLink } from "../src/ha/link.js";
import { createLogger } from "../src/log/logger.js";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "300" },
    entities: { type: "string", default: "5000" },
    rate: { type: "string", default: "1000" },
    warmup: { type: "string", default: "10" },
  },
});
const seconds = Number(values.seconds);
const entities = Number(values.entities);
const rate = Number(values.rate);
const warmupS = Number(values.warmup);

// A real full GC before each memory reading, so growth means retained memory, not garbage.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function startDemo(port: number, token: string): Promise<ChildProcess> {
  const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
  const args = [tsxCli, "src/simulator/cli.ts", "--port", String(port), "--entities", String(entities)];
  args.push("--event-rate", String(rate), "--token", token);
  const child = spawn(process.execPath, args, { cwd: backendDir, stdio: ["ignore", "ignore", "inherit"] });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const up = await fetch(`http://127.0.0.1:${port}/api/`, { headers: { Authorization: `Bearer ${token}` } })
      .then((r) => r.ok)
      .catch(() => false);
    if (up) return child;
    await sleep(200);
  }
  child.kill("SIGTERM");
  throw new Error("the demo Home Assistant did not start within 30 s");
}

interface Sample {
  t: number;
  cpu: NodeJS.CpuUsage;
  rss: number;
  heap: number;
  applied: number;
}

function sample(startedAt: number, applied: number): Sample {
  gc();
  const memory = process.memoryUsage();
  return {
    t: Date.now() - startedAt,
    cpu: process.cpuUsage(),
    rss: memory.rss,
    heap: memory.heapUsed,
    applied,
  };
}

const cpuPercent = (a: Sample, b: Sample) =>
  ((b.cpu.user - a.cpu.user + b.cpu.system - a.cpu.system) / 1000 / (b.t - a.t)) * 100;

async function main(): Promise<void> {
  const token = randomBytes(24).toString("base64url");
  const port = await freePort();
  const child = await startDemo(port, token);
  const log = createLogger({ level: "warn", format: "plain" });
  const link = new HaLink({
    target: { mode: "url", websocketUrl: `ws://127.0.0.1:${port}/api/websocket`, restUrl: "", token },
    log,
  });
  let applied = 0;
  link.on("states", (batch) => {
    applied += batch.length;
  });
  try {
    await link.start();
    if (!(await link.waitUntilSynced(60_000))) throw new Error("the mirror did not sync");
    let watched = 0;
    for (const state of link.allStates()) {
      if (watched++ % 50 === 0) link.watchEntity(state.entity_id, () => {});
    }
    console.log(`synced ${link.status().entity_count} entities; warming up ${warmupS} s`);
    await sleep(warmupS * 1000);
    const startedAt = Date.now();
    const samples = [sample(startedAt, applied)];
    const step = Math.min(30, seconds);
    console.log("   t(s)  cpu%   rss(MB)  heap(MB)  changes/s");
    while (samples.length * step <= seconds) {
      await sleep(step * 1000);
      const s = sample(startedAt, applied);
      const prev = samples[samples.length - 1] as Sample;
      samples.push(s);
      const perS = ((s.applied - prev.applied) * 1000) / (s.t - prev.t);
      console.log(
        `${(s.t / 1000).toFixed(0).padStart(7)} ${cpuPercent(prev, s).toFixed(1).padStart(5)} ` +
          `${mb(s.rss).padStart(9)} ${mb(s.heap).padStart(9)} ${perS.toFixed(0).padStart(10)}`,
      );
    }
    report(samples, link.status().entity_count);
  } finally {
    await link.stop();
    child.kill("SIGTERM");
  }
}

function report(samples: Sample[], entityCount: number): void {
  const first = samples[0] as Sample;
  const last = samples[samples.length - 1] as Sample;
  const perS = ((last.applied - first.applied) * 1000) / (last.t - first.t);
  console.log(`\nmirror of ${entityCount} entities, demo HA emitting ${rate} changes/s, ${last.t / 1000} s`);
  console.log(`CPU: ${cpuPercent(first, last).toFixed(1)} % of one core (target < 25 %)`);
  console.log(`changes applied: ${perS.toFixed(0)}/s`);
  console.log(`RSS: ${mb(first.rss)} MB at start, ${mb(last.rss)} MB at end`);
  console.log(`heap used after GC: ${mb(first.heap)} MB at start, ${mb(last.heap)} MB at end`);
  console.log(`node ${process.version}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
