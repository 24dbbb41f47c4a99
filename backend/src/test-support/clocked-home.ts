import { DemoHomeAssistant } from "../simulator/index.js";
import { startTestServer, type TestServer } from "./harness.js";

/** The demo home's time zone (simulator/home.ts): pass hours are read on its wall clock. */
export const DEMO_ZONE = "Europe/Amsterdam";

export interface ClockedHome {
  ha: DemoHomeAssistant;
  server: TestServer;
  /** Sets HAsync's clock (ms). Its 1 s timer keeps running in real time and reads this clock. */
  setClock(ms: number): void;
  close(): Promise<void>;
}

/**
 * The composed HAsync (its own gateway on /api/websocket, admin API via ingress from 127.0.0.1)
 * against the demo HA, with a clock the test moves: pass hours and expiries follow it, so a
 * window can open and close without waiting for the wall clock.
 */
export async function startClockedHome(startAt: number): Promise<ClockedHome> {
  let clock = startAt;
  const ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0 });
  await ha.start();
  const server = await startTestServer({
    env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    ha: { timings: { reconnectInitialMs: 20, reconnectMaxMs: 200, registryDebounceMs: 20 } },
    now: () => clock,
  });
  if (!(await server.hasync.ha.waitUntilSynced(5000)))
    throw new Error("HAsync did not sync with the demo HA");
  return {
    ha,
    server,
    setClock(ms) {
      clock = ms;
    },
    async close() {
      await server.close();
      await ha.stop();
    },
  };
}
