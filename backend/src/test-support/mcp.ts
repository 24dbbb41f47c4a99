import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Device, Scope } from "hasync";
import { MCP_PATH } from "hasync";
import { DeviceGateway } from "../gateway/index.js";
import type { CallConfirmer } from "../gateway/service-calls.js";
import type { Hasync } from "../hasync.js";
import { McpEndpoint } from "../mcp/endpoint.js";
import type { SessionLimits } from "../mcp/limits.js";
import { DemoHomeAssistant } from "../simulator/index.js";
import { memoryLogger, startSideApp, startTestServer, type TestServer } from "./harness.js";
import { adminFetch, pairDevice } from "./pairing.js";

export interface McpFixture {
  ha: DemoHomeAssistant;
  server: TestServer;
  /** `/mcp` on HAsync's LAN port. */
  url: URL;
  pair(scope: Partial<Scope>, name?: string): Promise<{ token: string; device: Device }>;
  admin(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The composed HAsync (its own `/mcp` mount) against the demo HA, with an ingress listener too. */
export async function startMcpFixture(): Promise<McpFixture> {
  const ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0 });
  await ha.start();
  const server = await startTestServer({
    env: {
      HASYNC_INGRESS_PEER: "127.0.0.1",
      HASYNC_INGRESS_PORT: "0",
      HASYNC_HA_URL: ha.url,
      HASYNC_HA_TOKEN: ha.token,
    },
    ha: { timings: { reconnectInitialMs: 20, reconnectMaxMs: 200, registryDebounceMs: 20 } },
  });
  if (!(await server.hasync.ha.waitUntilSynced(5000)))
    throw new Error("HAsync did not sync with the demo HA");
  return {
    ha,
    server,
    url: new URL(`${server.url}${MCP_PATH}`),
    pair: (scope, name) => pairDevice(server.url, { ...scope }, name),
    admin: (path, init) => adminFetch(server.url, path, init),
    async close() {
      await server.close();
      await ha.stop();
    },
  };
}

/** The SDK's own client, connected to `url` with a device token. */
export async function mcpClient(url: URL, token: string, name = "test-agent"): Promise<Client> {
  const client = new Client({ name, version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

/** A tool result's first text block; JSON answers parsed. */
export function textOf(result: unknown): string {
  const first = (result as CallToolResult).content[0];
  if (first?.type !== "text") throw new Error("the tool answered no text");
  return first.text;
}

export const jsonOf = <T = Record<string, unknown>>(result: unknown): T => JSON.parse(textOf(result)) as T;

/** A raw JSON-RPC POST to `/mcp` (for what the SDK's client would never send). */
export function rawPost(url: URL, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body,
  });
}

export const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

export interface SideMcp {
  url: URL;
  endpoint: McpEndpoint;
  close(): Promise<void>;
}

/**
 * A second `/mcp` over a started HAsync, with its own gateway (a test confirmer, say) and session
 * limits, on its own port (its LAN port as far as the endpoint knows).
 */
export async function startSideMcp(
  hasync: Hasync,
  options: {
    confirmer?: CallConfirmer;
    limits?: Partial<SessionLimits>;
    pendingEveryMs?: number;
    now?: () => number;
  } = {},
): Promise<SideMcp> {
  const { log } = memoryLogger();
  const gateway = new DeviceGateway({
    mirror: hasync.ha,
    ha: hasync.ha,
    access: hasync.devices,
    log,
    maxConnections: 10,
    ...(options.confirmer ? { confirmer: options.confirmer } : {}),
  });
  let port: number | null = null;
  const endpoint = new McpEndpoint({
    devices: hasync.devices,
    mirror: hasync.ha,
    ha: hasync.ha,
    gateway,
    audit: hasync.audit,
    log,
    now: options.now ?? Date.now,
    version: "0.0.0-test",
    lanPort: () => port,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.pendingEveryMs ? { pendingEveryMs: options.pendingEveryMs } : {}),
  });
  endpoint.start();
  const side = await startSideApp(hasync, { rootRouters: [endpoint.router()] }, log);
  port = side.port;
  return {
    url: new URL(`${side.url}${MCP_PATH}`),
    endpoint,
    async close() {
      endpoint.stop();
      await side.http.stop(100);
    },
  };
}
