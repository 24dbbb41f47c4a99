/**
 * Benchmark (not a test): the device app (issue 13). Prints
 *   (a) the gzip size of the JS (and CSS) the first screen loads (`frontend/dist/screen.html`), and
 *       of the chunk a paired screen adds (the dashboard),
 *   (b) first paint, first contentful paint and "dashboard painted" on Debian's Chromium with 4×
 *       CPU throttling, for the demo home and a `--entities` home: a cold load in a fresh context
 *       and a reload in it (HTTP cache, service worker), median of `--runs`,
 *   (c) the `--entities` home on the dashboard updated live at each of `--rates` changes a second:
 *       frame times from requestAnimationFrame deltas (p50/p95/p99, longest, frames > 50 ms) and
 *       long tasks, unthrottled and with 4× CPU throttling.
 * The demo Home Assistant runs in this process; HAsync (the built `dist/main.js` serving the built
 * frontend) in a child process; the screen is paired through the screen API as a tablet would be.
 *
 *   npm run bench:screen -- [--runs 7] [--entities 200] [--rates 20,100] [--seconds 10] [--throttle 4]
 */
import os from "node:os";
import { parseArgs } from "node:util";
import type * as Playwright from "playwright-core";
import { sleep } from "./bench-gateway-setup.js";
import { driveUpdates, type Home, screenPage, VIEWPORT, withHome } from "./bench-screen-home.js";
import {
  CHROMIUM,
  CHROMIUM_ARGS,
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

/** (b) for one home: cold and reloaded loads, median of `--runs`. Resolves with its settled tile count. */
async function loadTable(browser: Playwright.Browser, home: Home, what: string): Promise<number> {
  const { expected, cold, warm } = await loadRuns(browser, home);
  console.log(
    `\n(b) The dashboard loading, ${what} (${home.ids.length} entities, ${expected} tiles), ${opt.throttle}× CPU throttling, median of ${opt.runs} (ms since navigation start)`,
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
  return expected;
}

/** (c) one row per rate and CPU. */
async function frameTable(browser: Playwright.Browser, home: Home, tiles: number): Promise<void> {
  console.log(
    `\n(c) ${home.ids.length} entities (${tiles} tiles) on the dashboard, sensors changing at a steady rate, ${opt.seconds} s each (rAF deltas)`,
  );
  const head = [
    "changes/s",
    "CPU",
    "frames",
    "p50",
    "p95",
    "p99",
    "longest",
    "> 50 ms",
    "long tasks (total)",
  ];
  row([...head, "tile text changes/s"]);
  row(["---:", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]);
  for (const rate of rates) {
    for (const throttle of [1, opt.throttle]) {
      printFrames(`${rate} | ${throttle}×`, await frameRun(browser, home, throttle, tiles, rate));
    }
  }
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
    await withHome(undefined, async (demo) => {
      await loadTable(browser, demo, "demo home");
    });
    await withHome(opt.entities, async (big) => {
      const tiles = await loadTable(browser, big, `${opt.entities}-entity home`);
      await frameTable(browser, big, tiles);
    });
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
