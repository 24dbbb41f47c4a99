/**
 * Benchmark (not a test): the device app (issue 13). Prints
 *   (a) the gzip size of the JS (and CSS) the first screen loads (`frontend/dist/screen.html`),
 *   (b) first paint, first contentful paint and "dashboard visible" on Debian's Chromium with 4×
 *       CPU throttling against the demo home, each a cold load in a fresh context, median of N,
 *   (c) a home of `--entities` entities on the dashboard, updated live at `--rates` changes a second:
 *       frame times from requestAnimationFrame deltas (p50/p95/p99, longest, frames > 50 ms) and
 *       long tasks, unthrottled and with 4× CPU throttling.
 * The demo Home Assistant runs in this process; HAsync (the built `dist/main.js` serving the built
 * frontend) in a child process; the screen is paired through the screen API as a tablet would be.
 *
 *   npm run bench:screen -- [--runs 7] [--entities 200] [--rates 20,100] [--seconds 10] [--throttle 4]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type * as Playwright from "playwright-core";
import { DemoHomeAssistant } from "../src/simulator/index.js";
import { startHasync } from "./bench-child.js";
import { freePort, mirroredEntityIds, sleep } from "./bench-gateway-setup.js";
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  distDir,
  type FrameFigures,
  firstScreenAssets,
  type LoadFigures,
  loadFigures,
  markDashboardVisible,
  median,
  percentile,
  playwright,
  sampleFrames,
} from "./bench-screen-page.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    entities: { type: "string", default: "200" },
    rates: { type: "string", default: "20,100" },
    seconds: { type: "string", default: "10" },
    throttle: { type: "string", default: "4" },
  },
});
const { rates: rateList, ...numeric } = values;
const opt = Object.fromEntries(Object.entries(numeric).map(([k, v]) => [k, Number(v)])) as Record<
  keyof typeof numeric,
  number
>;
/** State changes a second in (c), one table row per rate and CPU. */
const rates = rateList.split(",").map(Number);
const VIEWPORT = { width: 1024, height: 768 };
const INGRESS_ADMIN = {
  "x-ingress-path": "/api/hassio_ingress/bench",
  "x-remote-user-id": "bench-admin",
  "x-remote-user-name": "bench",
};

interface Home {
  ha: DemoHomeAssistant;
  base: string;
  /** The screen's session cookie value (`hasync_screen`). */
  session: string;
  ids: string[];
  stop: () => Promise<void>;
}

/** The demo home (plus synthetic sensors up to `entities`), HAsync on it, and a screen paired to all of it. */
async function startHome(entities?: number): Promise<Home> {
  const demoCount = new DemoHomeAssistant({ seed: 7 }).entityCount;
  const extra = Math.max(0, (entities ?? demoCount) - demoCount);
  const ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, extraEntities: extra });
  await ha.start();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-bench-screen-"));
  process.env.HASYNC_FRONTEND_DIR = distDir;
  const hasync = startHasync("dist/main.js", port, ha, dataDir);
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    hasync.kill("SIGTERM");
    await ha.stop();
    await sleep(500);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const ids = (await mirroredEntityIds(base, ha.entityCount)).slice(0, entities ?? ha.entityCount);
    return { ha, base, ids, session: await pairScreen(base, ids), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] as string)
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);

/** `/api/v1/screen/pairing` → the admin approves (ingress headers) → `/pairing/collect`: the session cookie. */
async function pairScreen(base: string, entities: string[]): Promise<string> {
  const headers = { "content-type": "application/json", origin: base };
  const asked = await fetch(`${base}/api/v1/screen/pairing`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "Bench tablet" }),
  });
  if (asked.status !== 201) throw new Error(`screen pairing answered ${asked.status}: ${await asked.text()}`);
  const { user_code } = (await asked.json()) as { user_code: string };
  const pairing = cookieOf(asked, "hasync_screen_pairing");
  const approve = await fetch(`${base}/api/v1/admin/pairing/approve`, {
    method: "POST",
    headers: { ...headers, ...INGRESS_ADMIN },
    body: JSON.stringify({ user_code, scope: { entities, access: "control" } }),
  });
  if (approve.status !== 201) throw new Error(`approve answered ${approve.status}: ${await approve.text()}`);
  const collected = await fetch(`${base}/api/v1/screen/pairing/collect`, {
    method: "POST",
    headers: { ...headers, cookie: `hasync_screen_pairing=${pairing}` },
    body: "{}",
  });
  const session = cookieOf(collected, "hasync_screen");
  if (collected.status !== 200 || !session) throw new Error(`collect answered ${collected.status}`);
  return session;
}

/** A fresh context (cold cache, no service worker yet) holding the screen's cookie, CPU throttled. */
async function screenPage(browser: Playwright.Browser, home: Home, throttle: number) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addCookies([
    {
      name: "hasync_screen",
      value: home.session,
      url: `${home.base}/api/v1/screen`,
      httpOnly: true,
      sameSite: "Strict",
    },
  ]);
  // tsx compiles this script with esbuild's keepNames, which wraps the functions handed to the page
  // in a `__name(fn, "name")` helper the page does not have.
  await context.addInitScript("globalThis.__name = (fn) => fn;");
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  return { page, close: () => context.close() };
}

/** How many tiles the dashboard shows for this home once it has settled (what "visible" waits for). */
async function settledTileCount(browser: Playwright.Browser, home: Home): Promise<number> {
  const { page, close } = await screenPage(browser, home, 1);
  await page.goto(`${home.base}/`);
  await page.locator("[data-entity-id]").first().waitFor({ timeout: 60_000 });
  let count = -1;
  for (let same = 0; same < 10; ) {
    const now = await page.locator("[data-entity-id]").count();
    same = now === count ? same + 1 : 0;
    count = now;
    await sleep(200);
  }
  await close();
  return count;
}

/**
 * Each run: a cold load in a fresh context (nothing cached), then a reload in it (the HTTP cache
 * and the service worker's shell, as a wall tablet that restarts its browser).
 */
async function loadRuns(browser: Playwright.Browser, home: Home) {
  const expected = await settledTileCount(browser, home);
  const cold: LoadFigures[] = [];
  const warm: LoadFigures[] = [];
  for (let i = 0; i < opt.runs; i++) {
    const { page, close } = await screenPage(browser, home, opt.throttle);
    await page.addInitScript(markDashboardVisible, expected);
    await page.goto(`${home.base}/`);
    cold.push(await loadFigures(page));
    await page.reload();
    warm.push(await loadFigures(page));
    await close();
  }
  return { expected, cold, warm };
}

/**
 * Changes `ids`' states round-robin at `rate` a second, smoothly (20 ms ticks, catching up on slow
 * ones). The cursor carries on from run to run, so no run repeats a value an earlier one set.
 */
let cursor = 0;
function driveUpdates(ha: DemoHomeAssistant, ids: string[], rate: number): () => void {
  let owed = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    owed += ((now - last) * rate) / 1000;
    last = now;
    for (; owed >= 1; owed--, cursor++) {
      // Each round moves every sensor by 0.1 from its last value: HA fires nothing for an unchanged state.
      const index = cursor % ids.length;
      const round = Math.floor(cursor / ids.length);
      ha.setState(ids[index] as string, (15 + ((round + index) % 100) / 10).toFixed(1));
    }
  }, 20);
  return () => clearInterval(timer);
}

async function frameRun(
  browser: Playwright.Browser,
  home: Home,
  throttle: number,
  tiles: number,
  rate: number,
): Promise<FrameFigures> {
  const { page, close } = await screenPage(browser, home, throttle);
  await page.goto(`${home.base}/`);
  await page
    .locator("[data-entity-id]")
    .nth(tiles - 1)
    .waitFor({ timeout: 60_000 });
  const sensors = home.ids.filter((id) => id.startsWith("sensor."));
  const stop = driveUpdates(home.ha, sensors, rate);
  try {
    return await page.evaluate(sampleFrames, opt.seconds);
  } finally {
    stop();
    await close();
  }
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const row = (cells: Array<string | number>) => console.log(`| ${cells.join(" | ")} |`);

function printSizes(): void {
  const { js, css, lazy } = firstScreenAssets();
  const kb = (b: number) => `${(b / 1024).toFixed(1)} kB`;
  console.log("\n(a) The first screen's assets (frontend/dist/screen.html: module script + module preloads)");
  row(["file", "bytes", "gzip"]);
  row(["---", "---:", "---:"]);
  for (const a of [...js, ...css]) row([a.file, kb(a.bytes), kb(a.gzip)]);
  const sum = (list: typeof js, key: "bytes" | "gzip") => list.reduce((s, a) => s + a[key], 0);
  row(["**JS total**", kb(sum(js, "bytes")), `**${kb(sum(js, "gzip"))}** (target < 80 kB)`]);
  row(["CSS total", kb(sum(css, "bytes")), kb(sum(css, "gzip"))]);
  for (const a of lazy) row([`${a.file} (on demand, once paired)`, kb(a.bytes), kb(a.gzip)]);
  const paired = [...js, ...lazy.filter((a) => a.file.endsWith(".js"))];
  row(["JS of a paired screen's first view", kb(sum(paired, "bytes")), kb(sum(paired, "gzip"))]);
}

function printLoads(label: string, runs: LoadFigures[]): void {
  const m = (k: keyof LoadFigures) => ms(median(runs.map((r) => r[k])));
  row([
    label,
    m("firstPaint"),
    m("firstContentfulPaint"),
    m("session"),
    m("ticket"),
    m("dashboardChunk"),
    m("dashboardInDom"),
    m("dashboardPainted"),
  ]);
}

function printFrames(label: string, f: FrameFigures): void {
  const sorted = [...f.frames].sort((a, b) => a - b);
  const long = f.longTasks.reduce((s, d) => s + d, 0);
  row([
    label,
    f.frames.length,
    ms(percentile(sorted, 50)),
    ms(percentile(sorted, 95)),
    ms(percentile(sorted, 99)),
    ms(sorted.at(-1) ?? Number.NaN),
    f.frames.filter((d) => d > 50).length,
    `${f.longTasks.length} (${ms(long)})`,
    Math.round(f.tileMutations / f.seconds),
  ]);
}

async function main(): Promise<void> {
  printSizes();
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const version = browser.version();
  try {
    const demo = await startHome();
    try {
      const { expected, cold, warm } = await loadRuns(browser, demo);
      console.log(
        `\n(b) The dashboard loading, demo home (${demo.ids.length} entities, ${expected} tiles), ${opt.throttle}× CPU throttling, median of ${opt.runs} (ms since navigation start)`,
      );
      row([
        "load",
        "first paint",
        "FCP",
        "session read",
        "ticket",
        "dashboard chunk",
        "tiles in DOM",
        "dashboard painted",
      ]);
      row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]);
      printLoads("cold (fresh context)", cold);
      printLoads("reload (cache + service worker)", warm);
      const each = (runs: LoadFigures[]) => runs.map((r) => r.dashboardPainted.toFixed(0)).join(", ");
      console.log(`  dashboard painted, each run: cold ${each(cold)} ms; reload ${each(warm)} ms`);
    } finally {
      await demo.stop();
    }
    const big = await startHome(opt.entities);
    try {
      const tiles = await settledTileCount(browser, big);
      console.log(
        `\n(c) ${big.ids.length} entities (${tiles} tiles) on the dashboard, sensors changing at a steady rate, ${opt.seconds} s each (rAF deltas)`,
      );
      row([
        "changes/s",
        "CPU",
        "frames",
        "p50",
        "p95",
        "p99",
        "longest",
        "> 50 ms",
        "long tasks (total)",
        "tile text changes/s",
      ]);
      row(["---:", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]);
      for (const rate of rates) {
        for (const throttle of [1, opt.throttle]) {
          printFrames(`${rate} | ${throttle}×`, await frameRun(browser, big, throttle, tiles, rate));
        }
      }
    } finally {
      await big.stop();
    }
  } finally {
    await browser.close();
  }
  console.log(
    `\nChromium ${version} (${CHROMIUM}), headless, ${VIEWPORT.width}×${VIEWPORT.height}; node ${process.version}; ${os.cpus().length} cores; load average ${os.loadavg()[0]?.toFixed(2)}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
