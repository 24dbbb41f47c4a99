/**
 * Benchmark (not a test): what calls held for the admin's confirmation cost other devices (issue
 * 15). HAsync (the real composition, `Hasync`) and the demo Home Assistant run in this process on
 * 127.0.0.1. `--devices` devices with control of one light or switch each call `toggle` back to
 * back, `--calls` calls in all per phase, each timed from send to HA's result. After a warm-up
 * phase (not counted), each of `--rounds` rounds has two phases (every other round in the
 * other order):
 *
 *   - nothing held;
 *   - `--held` calls held (`lock.unlock` on the front door, which waits for the admin by
 *     default) from other devices, each up to the per-device cap; the admin denies them after.
 *
 * Printed: p50/p95/p99/max and this process's CPU time per call (steadier than times on a loaded
 * machine), per phase and pooled per condition; the held calls the admin API
 * counts before and after each held phase, and how the held calls ended (none reaches HA). The
 * whole run is bounded (`--timeout-s`).
 *
 *   npm run bench:confirm -- [--calls 2000] [--devices 10] [--held 50] [--rounds 4] [--timeout-s 240]
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { MAX_PENDING_CONFIRMATIONS_PER_DEVICE } from "hasync";
import {
  type Bench,
  type CallResult,
  type DeviceSocket,
  INGRESS_ADMIN,
  openDevice,
  pairDevice,
  startBench,
} from "./bench-confirm-setup.js";
import { http, mirroredEntityIds, sleep, waitUntil } from "./bench-gateway-setup.js";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "2000" },
    devices: { type: "string", default: "10" },
    held: { type: "string", default: "50" },
    rounds: { type: "string", default: "4" },
    "timeout-s": { type: "string", default: "240" },
  },
});
const calls = Number(values.calls);
const callers = Number(values.devices);
const held = Number(values.held);
const rounds = Number(values.rounds);
const LOCK = "lock.front_door";
/** The callers' own rate, so a phase's calls are never refused for rate (guard.ts ServiceRateSchema max). */
const CALLER_RATE = { burst: 200, per_minute: 6000 };

interface Caller {
  socket: DeviceSocket;
  entityId: string;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

interface Phase {
  /** Times of the calls HA answered, sorted. */
  ms: number[];
  /** Error codes of the calls refused. */
  refused: string[];
  /** This process's CPU time (HAsync, the demo HA and the devices together), µs. */
  cpuUs: number;
}

/** Every caller calls back to back until `total` calls are done. */
async function phase(list: Caller[], total: number): Promise<Phase> {
  const ms: number[] = [];
  const refused: string[] = [];
  const each = Math.ceil(total / list.length);
  const cpu = process.cpuUsage();
  await Promise.all(
    list.map(async ({ socket, entityId }) => {
      for (let i = 0; i < each; i++) {
        const result: CallResult = await socket.call(
          entityId.slice(0, entityId.indexOf(".")),
          "toggle",
          entityId,
        );
        if (result.ok) ms.push(result.ms);
        else refused.push(result.code ?? "?");
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { ms: ms.sort((a, b) => a - b), refused, cpuUs: used.user + used.system };
}

function report(label: string, result: Phase): void {
  const f = (p: number) => percentile(result.ms, p).toFixed(2);
  const max = (result.ms.at(-1) ?? Number.NaN).toFixed(2);
  const refused =
    result.refused.length === 0 ? "" : `; refused ${result.refused.length} (${[...new Set(result.refused)]})`;
  // CPU per call holds up on a loaded machine, where other processes' work moves the times.
  const cpu = (result.cpuUs / Math.max(1, result.ms.length + result.refused.length)).toFixed(0);
  console.log(
    `${label.padEnd(26)} ${result.ms.length} calls: p50 ${f(50)} ms, p95 ${f(95)} ms, p99 ${f(99)} ms, max ${max} ms, CPU ${cpu} µs/call${refused}`,
  );
}

async function pendingCount(base: string): Promise<number> {
  const answer = await http("GET", `${base}/api/v1/admin/confirmations`, INGRESS_ADMIN);
  if (answer.status !== 200) throw new Error(`confirmations answered ${answer.status}`);
  return (answer.body as { confirmations: unknown[] }).confirmations.length;
}

async function pairCallers(bench: Bench): Promise<Caller[]> {
  const ids = await mirroredEntityIds(bench.base, 1);
  const toggles = ids.filter((id) => id.startsWith("light.") || id.startsWith("switch."));
  if (toggles.length === 0) throw new Error("the demo home has no light or switch");
  const list: Caller[] = [];
  for (let i = 0; i < callers; i++) {
    const entityId = toggles[i % toggles.length] as string;
    const device = await pairDevice(bench.base, i, { entities: [entityId], access: "control" }, CALLER_RATE);
    list.push({ socket: await openDevice(bench.base, device), entityId });
  }
  return list;
}

/** Devices with the front door lock in a control scope (each call waits), enough for `held` calls at the per-device cap. */
async function pairHolders(bench: Bench): Promise<DeviceSocket[]> {
  const sockets: DeviceSocket[] = [];
  for (let h = 0; h < Math.ceil(held / MAX_PENDING_CONFIRMATIONS_PER_DEVICE); h++) {
    const device = await pairDevice(bench.base, callers + h, { entities: [LOCK], access: "control" }, null);
    sockets.push(await openDevice(bench.base, device));
  }
  return sockets;
}

/** `held` lock.unlock calls, at most the per-device cap from each holder, once all of them wait. */
async function holdCalls(bench: Bench, holders: DeviceSocket[]): Promise<{ answers: Promise<CallResult[]> }> {
  const answers: Array<Promise<CallResult>> = [];
  holders.forEach((socket, h) => {
    const mine = Math.min(
      MAX_PENDING_CONFIRMATIONS_PER_DEVICE,
      held - h * MAX_PENDING_CONFIRMATIONS_PER_DEVICE,
    );
    for (let c = 0; c < mine; c++) answers.push(socket.call("lock", "unlock", LOCK));
  });
  await waitUntil(async () => (await pendingCount(bench.base)) === held, 30_000, `${held} held calls`);
  return { answers: Promise.all(answers) };
}

async function denyAll(base: string): Promise<void> {
  const list = await http("GET", `${base}/api/v1/admin/confirmations`, INGRESS_ADMIN);
  for (const { id } of (list.body as { confirmations: Array<{ id: string }> }).confirmations) {
    const answer = await http("POST", `${base}/api/v1/admin/confirmations/${id}`, INGRESS_ADMIN, {
      decision: "deny",
    });
    if (answer.status !== 200) throw new Error(`deny answered ${answer.status}`);
  }
}

interface Pooled {
  free: Phase;
  held: Phase;
}

const pool = (into: Phase, from: Phase) => {
  into.ms.push(...from.ms);
  into.refused.push(...from.refused);
  into.cpuUs += from.cpuUs;
};

async function freePhase(r: number, list: Caller[], pooled: Pooled): Promise<void> {
  await sleep(2000);
  const free = await phase(list, calls);
  report(`round ${r}, nothing held`, free);
  pool(pooled.free, free);
}

async function heldPhase(bench: Bench, r: number, list: Caller[], holders: DeviceSocket[], pooled: Pooled) {
  const holding = await holdCalls(bench, holders);
  await sleep(2000);
  const before = await pendingCount(bench.base);
  const busy = await phase(list, calls);
  const after = await pendingCount(bench.base);
  report(`round ${r}, ${held} held`, busy);
  pool(pooled.held, busy);
  await denyAll(bench.base);
  const outcomes = await holding.answers;
  const codes = [...new Set(outcomes.map((o) => (o.ok ? "answered" : (o.code ?? "?"))))];
  console.log(
    `  held before / after: ${before} / ${after}; denied: ${outcomes.length} calls answered ${codes}`,
  );
}

/** One round of both phases; every other round starts with the held one, so order effects cancel out. */
async function round(bench: Bench, r: number, list: Caller[], holders: DeviceSocket[], pooled: Pooled) {
  if (r % 2 === 0) await heldPhase(bench, r, list, holders, pooled);
  await freePhase(r, list, pooled);
  if (r % 2 === 1) await heldPhase(bench, r, list, holders, pooled);
}

async function run(bench: Bench): Promise<void> {
  const list = await pairCallers(bench);
  const holders = await pairHolders(bench);
  // Warm-up (JIT, SQLite pages, the simulator's paths), not counted.
  await phase(list, calls);
  const pooled: Pooled = { free: { ms: [], refused: [], cpuUs: 0 }, held: { ms: [], refused: [], cpuUs: 0 } };
  for (let r = 1; r <= rounds; r++) await round(bench, r, list, holders, pooled);
  const sort = (p: Phase) => ({ ...p, ms: p.ms.sort((a, b) => a - b) });
  report("all rounds, nothing held", sort(pooled.free));
  report(`all rounds, ${held} held`, sort(pooled.held));
  const locks = bench.ha.serviceCalls.filter((c) => c.domain === "lock").length;
  console.log(`lock calls that reached Home Assistant: ${locks}`);
  for (const caller of list) caller.socket.close();
  for (const socket of holders) socket.close();
}

async function main(): Promise<void> {
  const limit = setTimeout(() => {
    console.error(`bench:confirm did not finish within ${values["timeout-s"]} s`);
    process.exit(1);
  }, Number(values["timeout-s"]) * 1000);
  const bench = await startBench();
  try {
    console.log(
      `bench:confirm: ${callers} devices, ${calls} toggle calls per phase, ${held} held calls, ${rounds} rounds; ` +
        `node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(2)}`,
    );
    await run(bench);
  } finally {
    await bench.stop();
    clearTimeout(limit);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
