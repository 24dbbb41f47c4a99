import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page, type Request } from "playwright-core";
import { WAIT_MS } from "./limits.js";
import { screenshotDir } from "./paths.js";

/** Debian's Chromium, headless, with nothing that phones home. */
export const CHROMIUM = process.env.HASYNC_E2E_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export interface Browser {
  open: (options?: PageOptions) => Promise<WatchedPage>;
  close: () => Promise<void>;
}

export interface PageOptions {
  width?: number;
  height?: number;
  colorScheme?: "light" | "dark";
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors, failed and unexpected 4xx/5xx requests. */
  problems: string[];
  /**
   * Declare an error the test provokes on purpose: an HTTP status (401 from auth/me before
   * sign-in) or a network error (`net::ERR_CONNECTION_REFUSED` while the server is down).
   */
  allow: (urlPart: string, failure: number | string) => void;
  /**
   * Resolves once no request but the event stream has been in flight for `quietMs`: the screen
   * has finished the reads it started (e.g. the refetch every `hello` triggers).
   */
  settled: (quietMs?: number) => Promise<void>;
  close: () => Promise<void>;
}

/** A persistent context in a fresh temp profile per browser, as a user's own Chromium would be. */
export async function launchBrowser(): Promise<Browser> {
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    open: async (options = {}) => {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-chromium-"));
      profiles.push(profile);
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
        colorScheme: options.colorScheme ?? "light",
        timeout: WAIT_MS,
      });
      contexts.push(context);
      context.setDefaultTimeout(WAIT_MS);
      const page = context.pages()[0] ?? (await context.newPage());
      return watch(page, context);
    },
    close: async () => {
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
      for (const p of profiles.splice(0)) fs.rmSync(p, { recursive: true, force: true });
    },
  };
}

function watch(page: Page, context: BrowserContext): WatchedPage {
  const problems: string[] = [];
  const allowed: Array<{ urlPart: string; failure: number | string }> = [];
  const isAllowed = (url: string, failure: number | string) =>
    allowed.some((a) => a.failure === failure && url.includes(a.urlPart));

  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const url = message.location().url;
    const status = /status of (\d{3})/.exec(message.text())?.[1];
    if (status !== undefined && isAllowed(url, Number(status))) return;
    const network = /net::ERR_[A-Z_]+/.exec(message.text())?.[0];
    // A refused WebSocket is reported at the script that opened it; the socket's URL is in the text.
    const socketUrl = /WebSocket connection to '([^']+)'/.exec(message.text())?.[1];
    if (network !== undefined && (isAllowed(url, network) || isAllowed(socketUrl ?? "", network))) return;
    problems.push(`console error: ${message.text()} (${url})`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  const inFlight = new Set<Request>();
  let lastChange = Date.now();
  page.on("request", (request) => {
    if (request.resourceType() === "eventsource") return;
    inFlight.add(request);
    lastChange = Date.now();
  });
  const finished = (request: Request) => {
    if (inFlight.delete(request)) lastChange = Date.now();
  };
  page.on("requestfinished", finished);
  page.on("requestfailed", finished);
  page.on("response", (response) => {
    if (response.status() >= 400 && !isAllowed(response.url(), response.status())) {
      problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "failed";
    // The app aborts its own reads when a screen unmounts and closes the event stream when it
    // switches devices or the page unloads: those are deliberate, not failures. A scope resolve
    // is a read too, sent as a POST for its body; leaving the page ends one still on its way.
    const path = new URL(request.url()).pathname;
    const ours = path.includes("/api/v1/") || path.endsWith("/health");
    const read = request.method() === "GET" || path.endsWith("/api/v1/admin/scope/resolve");
    const deliberate = reason === "net::ERR_ABORTED" && read && ours;
    if (!deliberate && !isAllowed(request.url(), reason)) {
      problems.push(`request failed: ${request.method()} ${request.url()} ${reason}`);
    }
  });
  return {
    page,
    context,
    problems,
    allow: (urlPart, failure) => allowed.push({ urlPart, failure }),
    settled: async (quietMs = 500) => {
      const deadline = Date.now() + WAIT_MS;
      while (inFlight.size > 0 || Date.now() - lastChange < quietMs) {
        if (Date.now() > deadline) {
          const pending = [...inFlight].map((r) => r.url()).join(", ");
          throw new Error(
            `the page did not settle in ${WAIT_MS / 1000} s; in flight: ${pending || "nothing"}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => context.close(),
  };
}

/**
 * Saves `artifacts/screenshots/<name>.png`. The whole page is captured by growing the viewport to
 * the page's height, so the sticky top bar and action bar sit where a reader expects them.
 */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  const viewport = page.viewportSize();
  if (fullPage && viewport) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
    await page.screenshot({ path: file, animations: "disabled" });
    await page.setViewportSize(viewport);
  } else {
    await page.screenshot({ path: file, animations: "disabled" });
  }
  return file;
}
