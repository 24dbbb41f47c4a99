import WebSocket from "ws";
import { HaLink, type HaLinkTimings } from "../ha/link.js";
import type { HaMirrorEvents, StateChange } from "../ha/types.js";
import { DemoHomeAssistant } from "../simulator/index.js";
import { memoryLogger } from "./harness.js";

/** Fast timings so reconnects, timeouts and debounces happen within a test's patience. */
export const FAST_TIMINGS: Partial<HaLinkTimings> = {
  commandTimeoutMs: 400,
  reconnectInitialMs: 20,
  reconnectMaxMs: 80,
  pingIntervalMs: 60_000,
  registryDebounceMs: 20,
};

export const TEST_TOKEN = "test-token-0123456789abcdef";

/** Polls `check` until it is truthy; fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface LinkFixture {
  ha: DemoHomeAssistant;
  link: HaLink;
  lines: string[];
  /** Every `states` change the link emitted since the start, in order. */
  changes: StateChange[];
  registryEvents: Parameters<HaMirrorEvents["registries"]>[0][];
  socketsOpened: () => number;
  close(): Promise<void>;
}

/**
 * The demo Home Assistant on port 0 (drift and background events off, so every change is the
 * test's own) and a link connected to it in `url` mode, exactly as to a real HA.
 */
export async function startLinkFixture(
  options: { token?: string; sync?: boolean; timings?: Partial<HaLinkTimings> } = {},
): Promise<LinkFixture> {
  const ha = new DemoHomeAssistant({
    port: 0,
    token: TEST_TOKEN,
    seed: 7,
    driftIntervalMs: 0,
    eventRatePerSec: 0,
  });
  await ha.start();
  const { log, lines } = memoryLogger();
  const websocketUrl = `${ha.url.replace(/^http/, "ws")}/api/websocket`;
  let opened = 0;
  const link = new HaLink({
    target: { mode: "url", websocketUrl, restUrl: ha.url, token: options.token ?? TEST_TOKEN },
    log,
    timings: { ...FAST_TIMINGS, ...options.timings },
    createSocket: (url) => {
      opened++;
      return new WebSocket(url);
    },
  });
  const changes: StateChange[] = [];
  const registryEvents: LinkFixture["registryEvents"] = [];
  link.on("states", (batch) => changes.push(...batch));
  link.on("registries", (event) => registryEvents.push(event));
  await link.start();
  if (options.sync !== false && !(await link.waitUntilSynced(3_000))) throw new Error("link did not sync");
  // The initial sync reports every entity as added and moved into its area; tests watch what follows.
  await Promise.resolve();
  changes.length = 0;
  registryEvents.length = 0;
  return {
    ha,
    link,
    lines,
    changes,
    registryEvents,
    socketsOpened: () => opened,
    async close() {
      await link.stop();
      await ha.stop();
    },
  };
}
