import type { RawData, WebSocket } from "ws";
import type { CameraSigner } from "../cameras/signer.js";
import type { DeviceAccess, DeviceRecord } from "../devices/types.js";
import type { HaForwarder, HaMirror } from "../ha/types.js";
import { nestedDeeperThan } from "../http/json-depth.js";
import type { Logger } from "../log/logger.js";
import { dispatch } from "./commands.js";
import type { DeviceContexts } from "./contexts.js";
import type { FanOut } from "./fanout.js";
import type { GatewayLimits } from "./limits.js";
import {
  authInvalid,
  authOk,
  authRequired,
  CLOSE,
  type CloseReason,
  errorResult,
  MESSAGES,
} from "./messages.js";
import type { ServiceCallLimiter } from "./rate-limit.js";
import type { Subscription } from "./room.js";
import type { CallConfirmer } from "./service-calls.js";

/** What a connection needs from the gateway. */
export interface ConnectionHost {
  readonly mirror: HaMirror;
  /** HA itself, for what the mirror does not keep (history, logbook, statistics). */
  readonly ha: HaForwarder;
  readonly access: DeviceAccess;
  /** Signs camera URLs for a device (`auth/sign_path`); the same key as its camera pictures. */
  readonly cameras: CameraSigner;
  /** Which device's call made which context (`contexts.ts`). */
  readonly contexts: DeviceContexts;
  readonly fanout: FanOut;
  readonly log: Logger;
  readonly limits: GatewayLimits;
  readonly limiter: ServiceCallLimiter;
  /** Holds calls that need the admin's confirmation (confirm/). */
  readonly confirmer?: CallConfirmer;
  readonly now: () => number;
  haVersion(): string;
  /** The device's token was accepted; null admits it, a close reason refuses it (a connection cap). */
  authenticated(conn: DeviceConnection, device: DeviceRecord): CloseReason | null;
  closed(conn: DeviceConnection): void;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const tooDeep = (max: number) => `Message nested too deeply (more than ${max} levels).`;

const INVALID = Symbol("invalid JSON");
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

/**
 * One device's socket, speaking HA's protocol: the auth phase, then commands with strictly
 * increasing ids. Everything it sends goes through one bounded queue, flushed once per tick
 * (as JSON-array frames once the device asked for `coalesce_messages`).
 */
export class DeviceConnection {
  readonly subscriptions = new Map<number, Subscription>();
  device: DeviceRecord | null = null;
  /** Cleared by each heartbeat, set again by the device's pong. */
  alive = true;
  private lastId = 0;
  private coalesce = false;
  private outbox: string[] = [];
  private outboxBytes = 0;
  private flushQueued = false;
  private closing = false;
  private authTimer: NodeJS.Timeout | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly gone = new AbortController();

  constructor(
    private readonly ws: WebSocket,
    readonly ip: string,
    readonly host: ConnectionHost,
  ) {}

  /** Aborts when the socket has closed: a call still waiting (a confirmation) is withdrawn. */
  get signal(): AbortSignal {
    return this.gone.signal;
  }

  get deviceId(): string {
    if (this.device === null) throw new Error("not authenticated");
    return this.device.id;
  }

  start(): void {
    this.ws.on("message", (data: RawData, isBinary: boolean) => this.onFrame(data, isBinary));
    this.ws.on("pong", () => {
      this.alive = true;
    });
    // Errors (a too-big frame, a reset) are followed by "close"; nothing else to do here.
    this.ws.on("error", (error: Error) =>
      this.host.log.debug("device socket error", { error: error.message }),
    );
    this.ws.once("close", () => this.onClose());
    this.authTimer = setTimeout(() => this.close(CLOSE.authTimeout), this.host.limits.authTimeoutMs);
    this.send(authRequired(this.host.haVersion()));
  }

  /** Queues one message; the queue is flushed at the end of the current tick. */
  send(json: string): void {
    if (this.closing) return;
    this.outbox.push(json);
    this.outboxBytes += json.length;
    if (this.outboxBytes + this.ws.bufferedAmount > this.host.limits.maxBufferedBytes) {
      this.close(CLOSE.slowReader);
      return;
    }
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  enableCoalescing(): void {
    this.coalesce = true;
  }

  /** Sends a close frame; a peer that does not answer within the grace period is cut off. */
  close(reason: CloseReason): void {
    if (this.closing) return;
    this.closing = true;
    this.outbox = [];
    this.outboxBytes = 0;
    clearTimeout(this.authTimer);
    if (reason === CLOSE.slowReader || reason === CLOSE.revoked) {
      this.host.log.info("closing a device connection", {
        device_id: this.device?.id,
        reason: reason.reason,
      });
    }
    this.ws.close(reason.code, reason.reason);
    this.killTimer = setTimeout(() => this.ws.terminate(), this.host.limits.closeGraceMs);
    this.killTimer.unref();
  }

  /** Heartbeat: ping, or drop a peer that did not answer the last ping. */
  heartbeat(): void {
    if (this.closing) return;
    if (!this.alive) {
      this.close(CLOSE.deadPeer);
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  private flush(): void {
    this.flushQueued = false;
    const messages = this.outbox;
    this.outbox = [];
    this.outboxBytes = 0;
    if (this.closing || messages.length === 0) return;
    if (!this.coalesce) {
      for (const message of messages) this.ws.send(message);
      return;
    }
    let frame: string[] = [];
    let size = 0;
    for (const message of messages) {
      if (frame.length > 0 && size + message.length > this.host.limits.maxFrameBytes) {
        this.sendFrame(frame);
        frame = [];
        size = 0;
      }
      frame.push(message);
      size += message.length + 1;
    }
    this.sendFrame(frame);
  }

  private sendFrame(messages: string[]): void {
    this.ws.send(messages.length === 1 ? (messages[0] as string) : `[${messages.join(",")}]`);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    if (isBinary) {
      this.close(CLOSE.unsupportedData);
      return;
    }
    const parsed = parseJson(data.toString());
    // HA drops a client that sends invalid JSON, in both phases.
    if (parsed === INVALID) {
      if (this.device === null) this.refuseAuth("Auth message incorrectly formatted.");
      else this.close(CLOSE.invalidJson);
      return;
    }
    if (this.device === null) {
      this.onAuth(parsed);
      return;
    }
    // Like HA, a client may batch commands in a JSON array.
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      if (this.closing) return;
      this.onCommand(message);
    }
  }

  private onAuth(message: unknown): void {
    const token = isRecord(message) && message.type === "auth" ? message.access_token : undefined;
    if (typeof token !== "string") {
      this.refuseAuth("Auth message incorrectly formatted.");
      return;
    }
    const device = this.host.access.authenticateSocket(token, this.ip);
    if (device === null) {
      this.refuseAuth(MESSAGES.invalidToken);
      return;
    }
    clearTimeout(this.authTimer);
    const refusal = this.host.authenticated(this, device);
    if (refusal !== null) {
      this.close(refusal);
      return;
    }
    this.device = device;
    this.send(authOk(this.host.haVersion()));
  }

  private refuseAuth(message: string): void {
    this.send(authInvalid(message));
    this.flush();
    this.close(CLOSE.authFailed);
  }

  /** HA core `ActiveConnection.async_handle`: id and type checked, ids strictly increasing. */
  private onCommand(message: unknown): void {
    const id = isRecord(message) ? message.id : undefined;
    const echo = typeof id === "number" && Number.isInteger(id) ? id : null;
    // Before anything walks it: nothing downstream (the scope engine, JSON.stringify) meets a
    // message deeper than the limit.
    if (isRecord(message) && nestedDeeperThan(message, this.host.limits.maxJsonDepth)) {
      this.send(errorResult(echo, "invalid_format", tooDeep(this.host.limits.maxJsonDepth)));
      return;
    }
    if (!isRecord(message) || echo === null || echo <= 0) {
      this.send(errorResult(echo, "invalid_format", MESSAGES.incorrectlyFormatted));
      return;
    }
    if (typeof message.type !== "string" || message.type === "") {
      this.send(errorResult(echo, "invalid_format", MESSAGES.incorrectlyFormatted));
      return;
    }
    if (echo <= this.lastId) {
      this.send(errorResult(echo, "id_reuse", MESSAGES.idReuse));
      return;
    }
    this.lastId = echo;
    dispatch(this, echo, message.type, message);
  }

  private onClose(): void {
    this.closing = true;
    clearTimeout(this.authTimer);
    clearTimeout(this.killTimer);
    const open = [...this.subscriptions.values()];
    this.subscriptions.clear();
    for (const sub of open) sub.stop();
    this.gone.abort();
    this.host.closed(this);
  }
}
