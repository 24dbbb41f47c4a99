import type { Device, Scope } from "hasync";
import { DeviceGateway, type GatewayLimits, serviceCallRate } from "../gateway/index.js";
import { type DemoHaOptions, DemoHomeAssistant } from "../simulator/index.js";
import { memoryLogger, startSideApp, startTestServer, type TestServer } from "./harness.js";
import { adminFetch, pairDevice } from "./pairing.js";

export interface GatewayFixture {
  /** The demo Home Assistant HAsync mirrors (url mode, as a real HA). */
  ha: DemoHomeAssistant;
  /** The composed HAsync: pairing, admin API, HA link and scope engine. */
  server: TestServer;
  gateway: DeviceGateway;
  /** Base URL of the gateway's HA-compatible API (`/api/...`, `/api/websocket`). */
  url: string;
  wsUrl: string;
  lines: string[];
  /** Pairs a device through the real pairing API; returns its token and record. */
  pair(scope: Partial<Scope>, name?: string): Promise<{ token: string; device: Device }>;
  /** The admin API (ingress headers from 127.0.0.1), e.g. to change a scope or revoke. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface GatewayFixtureOptions {
  limits?: Partial<GatewayLimits>;
  maxConnections?: number;
  demo?: DemoHaOptions;
  /** The gateway's clock (service-call rate limiting), so a test can hold time still. */
  now?: () => number;
}

/**
 * The real HAsync (SQLite, pairing, scope engine, HA link) against the demo HA, with a device
 * gateway wired exactly as the composition root wires it: its REST router among `createApp`'s
 * root routers and its upgrade handler on `/api/websocket`. The gateway gets its own listener so
 * tests can choose its limits.
 */
export async function startGatewayFixture(options: GatewayFixtureOptions = {}): Promise<GatewayFixture> {
  const ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0, ...options.demo });
  await ha.start();
  const server = await startTestServer({
    env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    ha: { timings: { reconnectInitialMs: 20, reconnectMaxMs: 200, registryDebounceMs: 20 } },
  });
  const { hasync } = server;
  if (!(await hasync.ha.waitUntilSynced(5000))) throw new Error("HAsync did not sync with the demo HA");
  const { log, lines } = memoryLogger();
  const gateway = new DeviceGateway({
    mirror: hasync.ha,
    ha: hasync.ha,
    access: hasync.devices,
    log: log.child("gateway"),
    maxConnections: options.maxConnections ?? 50,
    serviceCallRate: (deviceId) => serviceCallRate(hasync.devices.rateOf(deviceId)),
    confirmer: hasync.confirmations,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  gateway.start();
  const { http, port, url } = await startSideApp(hasync, { rootRouters: [gateway.restRouter()] }, log);
  http.onUpgrade("/api/websocket", gateway.upgradeHandler);
  return {
    ha,
    server,
    gateway,
    url,
    wsUrl: `ws://127.0.0.1:${port}/api/websocket`,
    lines,
    pair: (scope, name) => pairDevice(server.url, scope, name),
    admin: (path, init) => adminFetch(server.url, path, init),
    async close() {
      await gateway.stop();
      await http.stop(100);
      await server.close();
      await ha.stop();
    },
  };
}
