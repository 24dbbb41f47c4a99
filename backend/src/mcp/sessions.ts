import { randomUUID } from "node:crypto";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { DeviceRecord } from "../devices/types.js";
import { JSON_BODY_LIMIT_BYTES } from "./http.js";
import type { SessionLimits } from "./limits.js";
import { agentServer, type Caller, type ToolDeps } from "./tools.js";
// Loaded with the SDK on the first session, not at start: Web Crypto costs memory where unused.
import "./web-crypto.js";

export type CloseReason = "client" | "revoked" | "idle" | "replaced" | "shutdown";

export interface McpSession {
  /** Set once the transport has accepted the client's `initialize`. */
  id: string | null;
  deviceId: string;
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  caller: Caller & { clientName: string | null };
  refresh(): void;
  lastUsed: number;
  /** Requests (and open GET streams) being answered now: such a session is never idle. */
  inFlight: number;
  closed: boolean;
}

/**
 * Open MCP sessions, each bound to the device that opened it. At a device's limit its least
 * recently used idle session makes room (an agent restarted without closing its session must not
 * lock itself out until the idle timeout); when all of them are busy, or HAsync's own limit is
 * reached, a new session is refused: one agent never closes another device's session.
 */
export class McpSessions {
  private readonly all = new Set<McpSession>();
  private readonly byId = new Map<string, McpSession>();

  constructor(
    private readonly deps: ToolDeps,
    private readonly limits: SessionLimits,
  ) {}

  get size(): number {
    return this.all.size;
  }

  openRequests(deviceId: string): number {
    let open = 0;
    for (const session of this.all) if (session.deviceId === deviceId) open += session.inFlight;
    return open;
  }

  get(id: string): McpSession | undefined {
    return this.byId.get(id);
  }

  /** A new session for the device, or why there is none. */
  open(device: DeviceRecord, ip: string, clientName: string | null): McpSession | "busy" | "full" {
    const own = [...this.all].filter((s) => s.deviceId === device.id);
    if (own.length >= this.limits.perDevice) {
      const idle = own.filter((s) => s.inFlight === 0).sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (idle === undefined) return "busy";
      this.close(idle, "replaced");
    } else if (this.all.size >= this.limits.total) return "full";
    return this.create(device, ip, clientName);
  }

  private create(device: DeviceRecord, ip: string, clientName: string | null): McpSession {
    const caller = {
      deviceId: device.id,
      deviceName: device.name,
      ip,
      clientName,
      client: () => caller.clientName,
    };
    const { server, refresh } = agentServer(this.deps, caller);
    const session: McpSession = {
      id: null,
      deviceId: device.id,
      server,
      caller,
      refresh,
      lastUsed: this.deps.now(),
      inFlight: 0,
      closed: false,
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        maxRequestBodySize: JSON_BODY_LIMIT_BYTES,
        onsessioninitialized: (id) => this.initialized(session, id),
        onsessionclosed: () => this.close(session, "client"),
      }),
    };
    // The transport closes itself on DELETE, and with the server: forget it either way.
    server.server.onclose = () => this.close(session, "client");
    this.all.add(session);
    return session;
  }

  private initialized(session: McpSession, id: string): void {
    session.id = id;
    this.byId.set(id, session);
    const { caller } = session;
    this.deps.audit.record("mcp.session_opened", {
      actor: caller.deviceId,
      ip: caller.ip,
      detail: { device_name: caller.deviceName, client: caller.clientName },
    });
  }

  /** Ends the session (its streams, its held calls' waits) and audits why, once. */
  close(session: McpSession, reason: CloseReason): void {
    if (session.closed) return;
    session.closed = true;
    this.all.delete(session);
    if (session.id !== null) this.byId.delete(session.id);
    session.server.close().catch(() => undefined);
    if (session.id === null) return;
    const { caller } = session;
    this.deps.audit.record("mcp.session_closed", {
      actor: caller.deviceId,
      ip: caller.ip,
      detail: { device_name: caller.deviceName, client: caller.clientName, reason },
    });
  }

  closeDevice(deviceId: string, reason: CloseReason): void {
    for (const session of [...this.all]) if (session.deviceId === deviceId) this.close(session, reason);
  }

  /** The device's scope changed: each of its sessions lists or unlists `call_service`. */
  scopeChanged(deviceId: string): void {
    for (const session of this.all) if (session.deviceId === deviceId) session.refresh();
  }

  /** Closes sessions idle longer than the limit. */
  sweep(): void {
    const before = this.deps.now() - this.limits.idleMs;
    for (const session of [...this.all])
      if (session.inFlight === 0 && session.lastUsed < before) this.close(session, "idle");
  }

  closeAll(reason: CloseReason): void {
    for (const session of [...this.all]) this.close(session, reason);
  }
}
