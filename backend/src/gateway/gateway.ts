import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Router } from "express";
import { type WebSocket, WebSocketServer } from "ws";
import type { DeviceAccess, ScopeChange } from "../devices/types.js";
import type { HaMirror } from "../ha/types.js";
import type { UpgradeHandler } from "../http/server.js";
import type { Logger } from "../log/logger.js";
import { type ConnectionHost, DeviceConnection, type GatewayLimits } from "./connection.js";
import { FanOut } from "./fanout.js";
import { CLOSE } from "./messages.js";
import { gatewayRestRouter } from "./rest.js";

export interface DeviceGatewayOptions {
  mirror: HaMirror;
  access: DeviceAccess;
  log: Logger;
  /** Open device sockets (authenticated or not) beyond which new ones are refused. */
  maxConnections: number;
  limits?: Partial<GatewayLimits>;
  now?: () => number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  authTimeoutMs: 10_000,
  maxPayloadBytes: 64 * 1024,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxFrameBytes: 64 * 1024,
  heartbeatMs: 30_000,
  closeGraceMs: 1_000,
};

/**
 * Reported while HA has never been reached. Clients gate protocol features on it
 * (home-assistant-js-websocket uses subscribe_entities from 2022.4 and coalescing from 2022.9);
 * the gateway implements both itself, whatever HA's own version.
 */
const FALLBACK_HA_VERSION = "2025.1.0";

/**
 * Home Assistant's own WebSocket (`/api/websocket`) and REST (`/api/...`) API for paired
 * devices, each limited to its scope, so an unmodified HA client works with a device token.
 * Constructing it opens nothing; `start()` subscribes to the mirror and the scope engine,
 * `stop()` closes every device socket.
 */
export class DeviceGateway {
  /** For `HttpServer.onUpgrade("/api/websocket", ...)`. */
  readonly upgradeHandler: UpgradeHandler = (req, socket, head) => this.upgrade(req, socket, head);
  private readonly limits: GatewayLimits;
  private readonly log: Logger;
  private readonly fanout: FanOut;
  private readonly host: ConnectionHost;
  private readonly connections = new Set<DeviceConnection>();
  private readonly byDevice = new Map<string, Set<DeviceConnection>>();
  private wss: WebSocketServer | null = null;
  private listeners: Array<() => void> = [];
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private onEmpty: (() => void) | null = null;

  constructor(private readonly options: DeviceGatewayOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.log = options.log;
    this.fanout = new FanOut(options.mirror);
    this.host = {
      mirror: options.mirror,
      access: options.access,
      fanout: this.fanout,
      log: options.log,
      limits: this.limits,
      now: options.now ?? Date.now,
      haVersion: () => this.haVersion(),
      authenticated: (conn) => this.onAuthenticated(conn),
      closed: (conn) => this.onClosed(conn),
    };
  }

  /** Open device sockets, including those still authenticating. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Entities with at least one subscription wanting them (fan-out index size). */
  get indexedEntityCount(): number {
    return this.fanout.size;
  }

  /** HA's REST API for devices: mount with `createApp({ rootRouters: [gateway.restRouter()] })`. */
  restRouter(): Router {
    return gatewayRestRouter({ mirror: this.options.mirror, access: this.options.access });
  }

  start(): void {
    if (this.wss !== null) return;
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: this.limits.maxPayloadBytes,
    });
    const { mirror, access } = this.options;
    this.listeners = [
      mirror.on("states", (changes) => this.fanout.deliver(changes)),
      access.on("scopeChanged", (change) => this.onScopeChanged(change)),
      access.on("revoked", (deviceId) => this.closeDevice(deviceId)),
    ];
    this.heartbeatTimer = setInterval(() => {
      for (const conn of this.connections) conn.heartbeat();
    }, this.limits.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  /** Closes every device socket (1001 "HAsync is stopping") and waits until they are gone. */
  async stop(): Promise<void> {
    const wss = this.wss;
    if (wss === null) return;
    this.wss = null;
    for (const unsubscribe of this.listeners) unsubscribe();
    this.listeners = [];
    clearInterval(this.heartbeatTimer);
    if (this.connections.size > 0) {
      const empty = new Promise<void>((resolve) => {
        this.onEmpty = resolve;
      });
      for (const conn of this.connections) conn.close(CLOSE.stopping);
      await empty;
    }
    wss.close();
    this.log.debug("stopped");
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const wss = this.wss;
    if (wss === null) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req.socket.remoteAddress ?? ""));
  }

  private accept(ws: WebSocket, ip: string): void {
    if (this.connections.size >= this.options.maxConnections) {
      this.log.warn("refused a device connection: the connection limit is reached", {
        limit: this.options.maxConnections,
      });
      ws.close(CLOSE.tooManyConnections.code, CLOSE.tooManyConnections.reason);
      setTimeout(() => ws.terminate(), this.limits.closeGraceMs).unref();
      return;
    }
    const conn = new DeviceConnection(ws, ip, this.host);
    this.connections.add(conn);
    conn.start();
  }

  private onAuthenticated(conn: DeviceConnection): void {
    const deviceId = conn.deviceId;
    let set = this.byDevice.get(deviceId);
    if (set === undefined) {
      set = new Set();
      this.byDevice.set(deviceId, set);
    }
    set.add(conn);
    this.options.access.connectionOpened(deviceId);
  }

  private onClosed(conn: DeviceConnection): void {
    this.connections.delete(conn);
    if (conn.device !== null) {
      const set = this.byDevice.get(conn.device.id);
      set?.delete(conn);
      if (set?.size === 0) this.byDevice.delete(conn.device.id);
      this.options.access.connectionClosed(conn.device.id);
    }
    if (this.connections.size === 0 && this.onEmpty !== null) {
      this.onEmpty();
      this.onEmpty = null;
    }
  }

  /** Scope edits and registry moves act on open subscriptions at once: entities arrive or leave. */
  private onScopeChanged(change: ScopeChange): void {
    const conns = this.byDevice.get(change.deviceId);
    if (conns === undefined) return;
    for (const conn of conns) {
      for (const sub of conn.subscriptions.values())
        this.fanout.scopeChanged(sub, change.added, change.removed);
    }
  }

  private closeDevice(deviceId: string): void {
    for (const conn of this.byDevice.get(deviceId) ?? []) conn.close(CLOSE.revoked);
  }

  private haVersion(): string {
    const { mirror } = this.options;
    return mirror.status().ha_version ?? mirror.config()?.version ?? FALLBACK_HA_VERSION;
  }
}
