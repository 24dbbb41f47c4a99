import { randomBytes } from "node:crypto";
import type { Logger } from "../log/logger.js";
import type { HaTarget } from "../settings/settings.js";
import { type DemoHaOptions, DemoHomeAssistant } from "../simulator/index.js";

/** Options passed through to the embedded demo Home Assistant (demo mode only). */
export type DemoOptions = Pick<
  DemoHaOptions,
  "seed" | "driftIntervalMs" | "eventRatePerSec" | "extraEntities"
>;

export interface Endpoint {
  websocketUrl: string;
  /** HA's base for REST (`${restUrl}/api/...`). */
  restUrl: string;
  token: string;
  /** The embedded demo this link started and must stop; null for a real Home Assistant. */
  demo: DemoHomeAssistant | null;
}

/**
 * Where to connect. Without a configured Home Assistant, start the embedded demo on 127.0.0.1
 * (ephemeral port, fresh random token) and connect to it over a real socket like to any HA.
 */
export async function openEndpoint(
  target: HaTarget,
  log: Logger,
  demoOptions: DemoOptions = {},
): Promise<Endpoint> {
  if (target.mode !== "demo")
    return { websocketUrl: target.websocketUrl, restUrl: target.restUrl, token: target.token, demo: null };
  const token = randomBytes(32).toString("base64url");
  const demo = new DemoHomeAssistant({ ...demoOptions, host: "127.0.0.1", port: 0, token });
  await demo.start();
  log.info("no Home Assistant configured: running the embedded demo home", { url: demo.url });
  return { websocketUrl: `${demo.url.replace(/^http/, "ws")}/api/websocket`, restUrl: demo.url, token, demo };
}
