import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Router } from "express";
import { type WebSocket, WebSocketServer } from "ws";
import { Cameras } from "../cameras/index.js";
import type { DeviceAccess, DeviceRecord, ScopeChange } from "../devices/types.js";
import type { CallServiceRequest, HaForwarder, HaMirror } from "../ha/types.js";
import type { UpgradeHandler } from "../http/server.js";
import type { Logger } from "../log/logger.js";
import { type ConnectionHost, DeviceConnection } from "./connection.js";
import { contextScopes, DeviceContexts } from "./contexts.js";
import { FanOut } from "./fanout.js";
import { DEFAULT_LIMITS, type GatewayLimits } from "./limits.js";
import { CLOSE, type CloseReason } from "./messages.js";
import { ServiceCallLimiter, type ServiceCallRate } from "./rate-limit.js";
import { gatewayRestRouter } from "./rest.js";
import { type CallConfirmer, type CallOptions, forwardServiceCall } from "./service-calls.js";

export interface DeviceGatewayOptions {
  mirror: HaMirror;
  /** HA itself (the same link as `mirror`), for history, logbook, statistics and cameras. */
  ha: HaForwarder;
  access: DeviceAccess;
  log: Logger;
  /** Authenticated device sockets beyond which new ones are refused (HASYNC_MAX_DEVICE_CONNECTIONS). */
  maxConnections: number;
  limits?: Partial<GatewayLimits>;
  /** A device's service-call rate (default `DEFAULT_SERVICE_CALL_RATE`). */
  serviceCallRate?: (deviceId: string) => ServiceCallRate;
  /** Holds calls that need the admin's confirmation (confirm/); without one they are declined. */
  confirmer?: CallConfirmer;
  now?: () => number;
}

/** A socket's peer address as one key: IPv4 peers of a dual-stack listener arrive as `::ffff:a.b.c.d`. */
const addressKey = (ip: string) => (ip.startsWith("::ffff:") ? ip.slice(7) : ip);

const WARN_EVERY_MS = 60_000;

const refusal = (status: string) =>
  `HTTP/1.1 ${status}\r\nRetry-After: 10\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;

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
  private readonly limiter: ServiceCallLimiter;
  /** Camera views and per-device camera pictures; its `access` is what every scope cut reads. */
  private readonly cameras: Cameras;
  /** Whose call made which context; its `access` is the cameras' with context scopes registered too. */
  private readonly contexts: DeviceContexts;
  private readonly access: DeviceAccess;
  private readonly connections = new Set<DeviceConnection>();
  /** Sockets still in the auth phase, by peer address: they never count against `maxConnections`. */
  private readonly unauthenticated = new Map<string, Set<DeviceConnection>>();
  private unauthenticatedCount = 0;
  private readonly byDevice = new Map<string, Set<DeviceConnection>>();
  private authenticated = 0;
  private readonly warnedAt = new Map<string, number>();
  private wss: WebSocketServer | null = null;
  private listeners: Array<() => void> = [];
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private onEmpty: (() => void) | null = null;

  constructor(private readonly options: DeviceGatewayOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.log = options.log;
    this.fanout = new FanOut(options.mirror);
    const now = options.now ?? Date.now;
    this.limiter = new ServiceCallLimiter({
      now,
      ...(options.serviceCallRate ? { rateOf: options.serviceCallRate } : {}),
    });
    this.cameras = new Cameras({ access: options.access, now });
    this.contexts = new DeviceContexts(options.mirror, now);
    this.access = contextScopes(this.cameras.access, this.contexts);
    this.host = {
      mirror: options.mirror,
      ha: options.ha,
      access: this.access,
      contexts: this.contexts,
      cameras: this.cameras.signer,
      fanout: this.fanout,
      log: options.log,
      limits: this.limits,
      limiter: this.limiter,
      ...(options.confirmer ? { confirmer: options.confirmer } : {}),
      now,
      haVersion: () => this.haVersion(),
      authenticated: (conn, device) => this.onAuthenticated(conn, device),
      closed: (conn) => this.onClosed(conn),
    };
  }

  /** Open device sockets, including those still authenticating. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Open sockets that have authenticated: what `maxConnections` limits. */
  get authenticatedCount(): number {
    return this.authenticated;
  }

  /** Entities with at least one subscription wanting them (fan-out index size). */
  get indexedEntityCount(): number {
    return this.fanout.size;
  }

  /**
   * A device's service call from outside HA's own API (the MCP endpoint): the one decision path
   * WebSocket and REST calls take, with the same rate bucket, scope engine, guard rails,
   * confirmations and context bookkeeping.
   */
  callService(
    deviceId: string,
    ip: string,
    request: CallServiceRequest,
    options: CallOptions,
  ): Promise<unknown> {
    return forwardServiceCall(
      {
        access: this.access,
        mirror: this.options.mirror,
        limiter: this.limiter,
        contexts: this.contexts,
        ...(this.options.confirmer ? { confirmer: this.options.confirmer } : {}),
      },
      deviceId,
      ip,
      request,
      options,
    );
  }

  /** HA's REST API for devices: mount with `createApp({ rootRouters: [gateway.restRouter()] })`. */
  restRouter(): Router {
    return gatewayRestRouter({
      mirror: this.options.mirror,
      ha: this.options.ha,
      access: this.access,
      cameras: this.cameras.router(this.options.ha),
      limiter: this.limiter,
      ...(this.options.confirmer ? { confirmer: this.options.confirmer } : {}),
      contexts: this.contexts,
      maxJsonDepth: this.limits.maxJsonDepth,
    });
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
      mirror.on("states", (changes) => {
        this.contexts.observe(changes);
        this.fanout.deliver(changes);
      }),
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
      socket.end(refusal("503 Service Unavailable"));
      return;
    }
    // Refused before the handshake, so a flood costs no WebSocket state at all.
    const ip = addressKey(req.socket.remoteAddress ?? "");
    const fromAddress = this.unauthenticated.get(ip)?.size ?? 0;
    if (fromAddress >= this.limits.maxUnauthenticatedPerAddress) {
      this.log.debug("refused a socket: too many unauthenticated sockets from its address", { ip });
      socket.end(refusal("429 Too Many Requests"));
      return;
    }
    if (this.unauthenticatedCount >= this.limits.maxUnauthenticated) {
      this.log.debug("refused a socket: too many unauthenticated sockets", { ip });
      socket.end(refusal("503 Service Unavailable"));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, ip));
  }

  private accept(ws: WebSocket, ip: string): void {
    const conn = new DeviceConnection(ws, ip, this.host);
    this.connections.add(conn);
    let pending = this.unauthenticated.get(ip);
    if (pending === undefined) {
      pending = new Set();
      this.unauthenticated.set(ip, pending);
    }
    pending.add(conn);
    this.unauthenticatedCount++;
    conn.start();
  }

  private leaveAuthPhase(conn: DeviceConnection): void {
    const pending = this.unauthenticated.get(conn.ip);
    if (pending?.delete(conn) !== true) return;
    this.unauthenticatedCount--;
    if (pending.size === 0) this.unauthenticated.delete(conn.ip);
  }

  /** Admits an authenticated socket, or says why not: the gateway's and the device's caps. */
  private onAuthenticated(conn: DeviceConnection, device: DeviceRecord): CloseReason | null {
    this.leaveAuthPhase(conn);
    let set = this.byDevice.get(device.id);
    if (this.authenticated >= this.options.maxConnections) {
      this.warnOnce("gateway", "refused a device connection: the connection limit is reached", {
        limit: this.options.maxConnections,
      });
      return CLOSE.tooManyConnections;
    }
    if ((set?.size ?? 0) >= this.limits.maxConnectionsPerDevice) {
      this.warnOnce(device.id, "refused a device connection: the device has too many open", {
        device_id: device.id,
        limit: this.limits.maxConnectionsPerDevice,
      });
      return CLOSE.tooManyForDevice;
    }
    if (set === undefined) {
      set = new Set();
      this.byDevice.set(device.id, set);
    }
    set.add(conn);
    this.authenticated++;
    this.options.access.connectionOpened(device.id);
    return null;
  }

  /** A device retrying against a cap must not fill the log: one line a minute per cap and device. */
  private warnOnce(key: string, message: string, fields: Record<string, unknown>): void {
    const now = this.host.now();
    if (now - (this.warnedAt.get(key) ?? Number.NEGATIVE_INFINITY) < WARN_EVERY_MS) return;
    this.warnedAt.set(key, now);
    this.log.warn(message, fields);
  }

  private onClosed(conn: DeviceConnection): void {
    this.connections.delete(conn);
    this.leaveAuthPhase(conn);
    if (conn.device !== null) {
      const set = this.byDevice.get(conn.device.id);
      set?.delete(conn);
      if (set?.size === 0) this.byDevice.delete(conn.device.id);
      this.authenticated--;
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
      for (const sub of [...conn.subscriptions.values()]) sub.scopeChanged(change);
    }
  }

  private closeDevice(deviceId: string): void {
    this.limiter.forget(deviceId);
    for (const conn of this.byDevice.get(deviceId) ?? []) conn.close(CLOSE.revoked);
  }

  private haVersion(): string {
    const { mirror } = this.options;
    return mirror.status().ha_version ?? mirror.config()?.version ?? FALLBACK_HA_VERSION;
  }
}
