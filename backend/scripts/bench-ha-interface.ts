/**
 * Benchmark (not a test): what serving Home Assistant's own interface through HAsync costs (issue
 * 14). The demo Home Assistant serves the built frontend fixture (`../shared/ha-frontend`, or
 * HASYNC_HA_FRONTEND_FIXTURE) and HAsync (the real composition) runs on it, both in this process on
 * 127.0.0.1, with the admin's choice set to Home Assistant's interface.
 *
 * Files: the index and `--files` of the build's `frontend_latest/` modules (the largest first, as
 * a first page load fetches the big entry chunks), `--concurrency` at a time as a browser does.
 * Phases: straight from the demo HA; through HAsync with an empty cache (each file fetched from HA
 * once and written to disk); through HAsync again (served from the cache). Printed per phase: wall
 * time, MB/s, p50/p95 per file, and the cache's size on disk.
 *
 * Login: `--refreshes` sequential `grant_type=refresh_token` requests at `/auth/token` (each mints
 * and stores a hashed access token), timed from send to answer.
 *
 *   npm run bench:ha-interface -- [--files 200] [--concurrency 6] [--refreshes 500]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { ScreenAuthorizeGrantSchema } from "hasync";
import { Hasync } from "../src/hasync.js";
import { createLogger } from "../src/log/logger.js";
import { parseSettings } from "../src/settings/settings.js";
import { DemoHomeAssistant } from "../src/simulator/index.js";
import { ScreenBrowser } from "../src/test-support/screen.js";
import { INGRESS_ADMIN } from "./bench-confirm-setup.js";
import { http } from "./bench-gateway-setup.js";

const { values } = parseArgs({
  options: {
    files: { type: "string", default: "200" },
    concurrency: { type: "string", default: "6" },
    refreshes: { type: "string", default: "500" },
  },
});
const fileCount = Number(values.files);
const concurrency = Number(values.concurrency);
const refreshes = Number(values.refreshes);

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const fixture = process.env.HASYNC_HA_FRONTEND_FIXTURE ?? path.resolve(repoRoot, "../shared/ha-frontend");
if (!fs.existsSync(path.join(fixture, "index.html"))) {
  console.error(`HA's built frontend is not at ${fixture} (set HASYNC_HA_FRONTEND_FIXTURE).`);
  process.exit(2);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

/** The index and the largest `frontend_latest` modules, as URL paths. */
function pathsToFetch(): string[] {
  const dir = path.join(fixture, "frontend_latest");
  const modules = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".js"))
    .map((name) => ({ name, size: fs.statSync(path.join(dir, name)).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, fileCount)
    .map(({ name }) => `/frontend_latest/${name}`);
  return ["/", ...modules];
}

interface Phase {
  wallMs: number;
  bytes: number;
  perFile: number[];
}

async function fetchAll(base: string, paths: string[]): Promise<Phase> {
  const perFile: number[] = [];
  let bytes = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < paths.length) {
        const at = paths[next++] as string;
        const t0 = performance.now();
        const res = await fetch(`${base}${at}`, { headers: { accept: at === "/" ? "text/html" : "*/*" } });
        const body = Buffer.from(await res.arrayBuffer());
        if (res.status !== 200) throw new Error(`${at} answered ${res.status}`);
        perFile.push(performance.now() - t0);
        bytes += body.length;
      }
    }),
  );
  return { wallMs: performance.now() - started, bytes, perFile: perFile.sort((a, b) => a - b) };
}

function dirBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(full) : fs.statSync(full).size;
  }
  return total;
}

function report(name: string, phase: Phase, extra = ""): void {
  const mb = phase.bytes / 1e6;
  console.log(
    `${name.padEnd(26)} ${phase.perFile.length} files, ${mb.toFixed(1)} MB in ${phase.wallMs.toFixed(0)} ms` +
      ` (${(mb / (phase.wallMs / 1000)).toFixed(0)} MB/s); per file p50 ${percentile(phase.perFile, 50).toFixed(1)} ms,` +
      ` p95 ${percentile(phase.perFile, 95).toFixed(1)} ms${extra}`,
  );
}

/** A device paired through `/auth/authorize`'s API and the code traded: its refresh token. */
async function loginDevice(base: string, clientId: string): Promise<string> {
  const browser = new ScreenBrowser(base);
  const authorize = { client_id: clientId, redirect_uri: `${clientId}?auth_callback=1` };
  const started = await browser.post("/pairing", { name: "Bench tablet", authorize });
  const { user_code } = (await started.json()) as { user_code: string };
  const scope = { areas: ["kitchen"], entities: [], exclude: [], access: "control" };
  const approved = await http("POST", `${base}/api/v1/admin/pairing/approve`, INGRESS_ADMIN, {
    user_code,
    scope,
  });
  if (approved.status !== 201) throw new Error(`approve answered ${approved.status}`);
  const { code } = ScreenAuthorizeGrantSchema.parse(await (await browser.post("/pairing/collect")).json());
  const tokens = await form(base, { grant_type: "authorization_code", client_id: clientId, code });
  return tokens.refresh_token as string;
}

async function form(base: string, fields: Record<string, string>): Promise<Record<string, unknown>> {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  const res = await fetch(`${base}/auth/token`, { method: "POST", body });
  if (res.status !== 200) throw new Error(`/auth/token answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0, frontendDir: fixture });
  await ha.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-bench-ha-interface-"));
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
  const hasync = await Hasync.create({ settings, log, version: "0.0.0-bench", defaultFrontendDir: dir });
  const base = `http://127.0.0.1:${await hasync.start()}`;
  const timer = setTimeout(() => {
    console.error("bench:ha-interface ran past 300 s; stopping");
    process.exit(1);
  }, 300_000);
  try {
    if (!(await hasync.ha.waitUntilSynced(10_000))) throw new Error("HAsync did not sync");
    const chosen = await http("PUT", `${base}/api/v1/admin/interface-settings`, INGRESS_ADMIN, {
      device_interface: "home_assistant",
    });
    if (chosen.status !== 200) throw new Error(`interface-settings answered ${chosen.status}`);
    const paths = pathsToFetch();
    console.log(
      `node ${process.version}, ${os.cpus().length} cores; ${paths.length} paths, ${concurrency} at a time`,
    );
    report("straight from HA", await fetchAll(ha.url, paths));
    report("through HAsync, cold", await fetchAll(base, paths));
    const warm = await fetchAll(base, paths);
    report(
      "through HAsync, cached",
      warm,
      `; cache ${(dirBytes(path.join(dir, "ha-frontend")) / 1e6).toFixed(1)} MB`,
    );

    const clientId = "http://127.0.0.1:9/";
    const refreshToken = await loginDevice(base, clientId);
    const times: number[] = [];
    for (let i = 0; i < refreshes; i++) {
      const t0 = performance.now();
      await form(base, { grant_type: "refresh_token", client_id: clientId, refresh_token: refreshToken });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `/auth/token refresh         ${refreshes} sequential: p50 ${percentile(times, 50).toFixed(2)} ms,` +
        ` p95 ${percentile(times, 95).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`,
    );
  } finally {
    clearTimeout(timer);
    await hasync.stop(100);
    await ha.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
