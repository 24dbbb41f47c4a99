/**
 * For `bench-screen.ts`: the homes it measures (the demo Home Assistant in this process, HAsync
 * from the built `dist/main.js` in a child, a screen paired to the whole home through the screen
 * API as a tablet would be), the screen's browser context, and a steady stream of state changes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type * as Playwright from "playwright-core";
import { DemoHomeAssistant } from "../src/simulator/index.js";
import { startHasync } from "./bench-child.js";
import { freePort, mirroredEntityIds, sleep } from "./bench-gateway-setup.js";
import { distDir } from "./bench-screen-page.js";

export const VIEWPORT = { width: 1024, height: 768 };
const INGRESS_ADMIN = {
  "x-ingress-path": "/api/hassio_ingress/bench",
  "x-remote-user-id": "bench-admin",
  "x-remote-user-name": "bench",
};

export interface Home {
  ha: DemoHomeAssistant;
  base: string;
  /** The screen's session cookie value (`hasync_screen`). */
  session: string;
  ids: string[];
  stop: () => Promise<void>;
}

/** The demo home (plus synthetic sensors up to `entities`), HAsync on it, and a screen paired to all of it. */
export async function startHome(entities?: number): Promise<Home> {
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
export async function screenPage(browser: Playwright.Browser, home: Home, throttle: number) {
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

/**
 * Changes `ids`' states round-robin at `rate` a second, smoothly (20 ms ticks, catching up on slow
 * ones). The cursor carries on from run to run, so no run repeats a value an earlier one set.
 */
let cursor = 0;
export function driveUpdates(ha: DemoHomeAssistant, ids: string[], rate: number): () => void {
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

/** Runs `body` against a started home and stops it afterwards, whatever happens. */
export async function withHome(
  entities: number | undefined,
  body: (home: Home) => Promise<void>,
): Promise<void> {
  const home = await startHome(entities);
  try {
    await body(home);
  } finally {
    await home.stop();
  }
}
