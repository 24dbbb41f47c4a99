/**
 * For `bench-screen.ts`: Debian's Chromium through the frontend's own playwright-core (no browser
 * download), the measurements taken inside the page, and the first screen's JS size from
 * `frontend/dist/screen.html`.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type * as Playwright from "playwright-core";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const frontendDir = path.resolve(backendDir, "..", "frontend");
export const distDir = path.join(frontendDir, "dist");

/** playwright-core is the frontend's dependency (its e2e suite); resolved from there. */
export const playwright = createRequire(path.join(frontendDir, "package.json"))(
  "playwright-core",
) as typeof Playwright;

export const CHROMIUM = process.env.HASYNC_E2E_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
];

export interface Asset {
  file: string;
  bytes: number;
  gzip: number;
}

/**
 * What the device app's first screen loads before it can run: `screen.html`'s module script, its
 * module preloads (Vite lists the entry's static imports there) and its stylesheets. Dynamic
 * imports (loaded later, on demand) are left out, as they are not on the first screen's path.
 */
export function firstScreenAssets(): { js: Asset[]; css: Asset[]; lazy: Asset[] } {
  const html = fs.readFileSync(path.join(distDir, "screen.html"), "utf8");
  const refs = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1] as string);
  const js = [
    ...refs(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...refs(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ];
  const css = refs(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g);
  const measure = (ref: string): Asset => {
    const body = fs.readFileSync(path.join(distDir, ref.replace(/^\.?\//, "")));
    return { file: ref, bytes: body.length, gzip: gzipSync(body).length };
  };
  const entries = [...new Set(js)].map(measure);
  return { js: entries, css: [...new Set(css)].map(measure), lazy: lazyChunks(entries).map(measure) };
}

/** The chunks the entry imports on demand (`import("./Dashboard-….js")`, its CSS), as Vite names them. */
function lazyChunks(entries: Asset[]): string[] {
  const out = new Set<string>();
  for (const entry of entries) {
    const dir = path.posix.dirname(entry.file);
    const code = fs.readFileSync(path.join(distDir, entry.file.replace(/^\.?\//, "")), "utf8");
    for (const m of code.matchAll(/["']\.\/([A-Za-z0-9_-]+\.(?:js|css))["']/g)) out.add(`${dir}/${m[1]}`);
  }
  return [...out];
}

/**
 * Installed before the app's own scripts: notes (on the page's clock, ms since navigation start)
 * when the dashboard holds `expected` tiles, and the start of the frame after that (the tiles
 * are painted in the frame they were added in, so the next frame's start is just after the paint).
 */
export function markDashboardVisible(expected: number): void {
  const w = window as unknown as { __bench: { inDom?: number; painted?: number } };
  w.__bench = {};
  const observer = new MutationObserver(() => {
    if (document.querySelectorAll("[data-entity-id]").length < expected) return;
    observer.disconnect();
    w.__bench.inDom = performance.now();
    requestAnimationFrame(() => requestAnimationFrame((t) => (w.__bench.painted = t)));
  });
  observer.observe(document, { childList: true, subtree: true });
}

export interface LoadFigures {
  firstPaint: number;
  firstContentfulPaint: number;
  /** When the answers the dashboard waits on arrived (Resource Timing `responseEnd`). */
  session: number;
  ticket: number;
  dashboardChunk: number;
  dashboardInDom: number;
  dashboardPainted: number;
}

/** Reads the figures once the dashboard was painted. */
export async function loadFigures(page: Playwright.Page): Promise<LoadFigures> {
  await page.waitForFunction(() => (window as unknown as { __bench: { painted?: number } }).__bench.painted);
  return page.evaluate(() => {
    const paint = (name: string) => performance.getEntriesByName(name, "paint")[0]?.startTime ?? Number.NaN;
    const bench = (window as unknown as { __bench: { inDom: number; painted: number } }).__bench;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const answered = (part: string) =>
      resources.find((r) => new URL(r.name).pathname.includes(part))?.responseEnd ?? Number.NaN;
    return {
      firstPaint: paint("first-paint"),
      firstContentfulPaint: paint("first-contentful-paint"),
      session: answered("/api/v1/screen/session"),
      ticket: answered("/api/v1/screen/ticket"),
      dashboardChunk: answered("/assets/Dashboard-"),
      dashboardInDom: bench.inDom,
      dashboardPainted: bench.painted,
    };
  });
}

export interface FrameFigures {
  frames: number[];
  longTasks: number[];
  tileMutations: number;
  seconds: number;
}

/**
 * In the page for `seconds`: every `requestAnimationFrame` delta (a frame's length as the page
 * lives it), every long task (> 50 ms on the main thread, PerformanceObserver 'longtask') and how
 * many changes the tiles' text went through (that the updates really are rendered).
 */
export function sampleFrames(seconds: number): Promise<FrameFigures> {
  return new Promise((resolve) => {
    const frames: number[] = [];
    const longTasks: number[] = [];
    let tileMutations = 0;
    const tasks = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    tasks.observe({ type: "longtask" });
    const texts = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target instanceof Element ? r.target : r.target.parentElement;
        if (el?.closest("[data-entity-id]")) tileMutations++;
      }
    });
    texts.observe(document.body, { childList: true, subtree: true, characterData: true });
    // Deltas between frame timestamps only: the first frame sets the start.
    let last = 0;
    let end = 0;
    const frame = (t: number) => {
      frames.push(t - last);
      last = t;
      if (t < end) {
        requestAnimationFrame(frame);
        return;
      }
      tasks.disconnect();
      texts.disconnect();
      resolve({ frames, longTasks, tileMutations, seconds });
    };
    requestAnimationFrame((t) => {
      last = t;
      end = t + seconds * 1000;
      requestAnimationFrame(frame);
    });
  });
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
