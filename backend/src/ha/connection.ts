import WebSocket, { type RawData } from "ws";
import type { Logger } from "../log/logger.js";
import { Emitter } from "./emitter.js";
import { displayUrl, type Incoming, parseFrame } from "./frames.js";
import { type Answer, InFlightCommands } from "./in-flight.js";
import * as messages from "./messages.js";
import { SkipLog } from "./skip-log.js";
import { type Subscription, SubscriptionTable } from "./subscription-table.js";
import { backoffDelay, type ConnectionTimings, DEFAULT_TIMINGS } from "./timings.js";
import { HaCommandError } from "./types.js";

/** Opens a socket to `url`; injected so tests can observe or wrap connection attempts. */
export type SocketFactory = (url: string) => WebSocket;

export type { Subscription } from "./subscription-table.js";

export interface ConnectionOptions {
  url: string;
  token: string;
  log: Logger;
  createSocket?: SocketFactory;
  timings?: Partial<ConnectionTimings>;
}

export interface ConnectionEvents {
  /** Authenticated. Fired before subscriptions are re-sent, so a listener can prepare a resync. */
  ready: (haVersion: string) => void;
  disconnected: (reason: string) => void;
  /** `auth_invalid`: the connection stops for good. */
  auth_failed: (message: string) => void;
}

const defaultSocket: SocketFactory = (url) => new WebSocket(url, { handshakeTimeout: 10_000 });

/**
 * One connection to Home Assistant's WebSocket API, in the image of home-assistant-js-websocket's
 * `Connection`: an id counter and a map of commands in flight, subscriptions that survive
 * reconnects, reconnect forever with bounded backoff, stop on `auth_invalid`. Unlike the library it
 * times out every command and skips malformed frames instead of throwing from the socket handler.
 */
export class HaConnection {
  private readonly timings: ConnectionTimings;
  private readonly createSocket: SocketFactory;
  private readonly events: Emitter<ConnectionEvents>;
  private readonly subscriptions: SubscriptionTable;
  private readonly commands = new InFlightCommands();
  private readonly skipped: SkipLog;
  private socket: WebSocket | null = null;
  private authed = false;
  private nextId = 1;
  private attempt = 0;
  private stopped = true;
  private authFailed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private handshakeTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  haVersion: string | null = null;
  lastError: string | null = null;

  constructor(private readonly options: ConnectionOptions) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.createSocket = options.createSocket ?? defaultSocket;
    this.skipped = new SkipLog(options.log);
    this.events = new Emitter((event, error) =>
      options.log.error("connection listener failed", { event: String(event), error }),
    );
    this.subscriptions = new SubscriptionTable({
      connected: () => this.connected,
      socket: () => this.socket,
      nextId: () => this.nextId++,
      send: (id, message) => this.send(id, message, this.timings.commandTimeoutMs),
      sendCommand: (message) => this.sendCommand(message),
    });
  }

  get connected(): boolean {
    return this.authed && this.socket?.readyState === WebSocket.OPEN;
  }

  get authRejected(): boolean {
    return this.authFailed;
  }

  on<K extends keyof ConnectionEvents>(event: K, listener: ConnectionEvents[K]): () => void {
    return this.events.on(event, listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    if (socket === null || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => socket.terminate(), 1_000);
      socket.once("close", () => {
        clearTimeout(force);
        resolve();
      });
      socket.close();
    });
  }

  /** Sends a command and resolves with its `result`; rejects with HaCommandError on any failure. */
  sendCommand<T = unknown>(
    message: messages.HaOutgoing,
    timeoutMs = this.timings.commandTimeoutMs,
  ): Promise<T> {
    if (!this.connected) {
      return Promise.reject(
        new HaCommandError("not_connected", "Home Assistant is not connected right now."),
      );
    }
    return this.send(this.nextId++, message, timeoutMs) as Promise<T>;
  }

  /**
   * Subscribes now (if connected) and again after every reconnect; `onResult` hears how each
   * (re)subscription went.
   */
  subscribe(
    message: messages.HaOutgoing,
    callback: (event: unknown) => void,
    onResult?: (error: Error | null) => void,
  ): Subscription {
    return this.subscriptions.subscribe(message, callback, onResult);
  }

  /** A subscription for this socket only (see `SubscriptionTable.once`). */
  subscribeOnce(
    message: messages.HaOutgoing,
    callback: (event: unknown) => void,
    onResult: (error: Error | null) => void,
  ): Subscription {
    return this.subscriptions.once(message, callback, onResult);
  }

  /** Drops the current socket (e.g. after a failed resync); the normal backoff reconnects. */
  reconnectNow(reason: string): void {
    this.lastError = reason;
    this.socket?.terminate();
  }

  /** Commands sent and not answered yet (each holds a timeout timer until settled). */
  get inFlightCount(): number {
    return this.commands.size;
  }

  /**
   * Encodes the frame before registering the command: a message JSON cannot encode (too deep, a
   * BigInt) rejects at once, instead of leaving a command in flight whose timeout would reject
   * later with no one listening.
   */
  private send(id: number, message: messages.HaOutgoing, timeoutMs: number): Promise<unknown> {
    let frame: string;
    try {
      frame = JSON.stringify({ ...message, id });
    } catch (error) {
      return Promise.reject(
        new HaCommandError(
          "invalid_format",
          `The ${message.type} command cannot be sent: ${(error as Error).message}`,
        ),
      );
    }
    const answer = this.commands.add(id, message.type, timeoutMs);
    this.writeFrame(frame);
    return answer;
  }

  private write(message: Record<string, unknown>): void {
    this.writeFrame(JSON.stringify(message));
  }

  private writeFrame(frame: string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  private open(): void {
    this.authed = false;
    this.nextId = 1;
    let socket: WebSocket;
    try {
      socket = this.createSocket(this.options.url);
    } catch (error) {
      this.lastError = `Cannot open a connection to Home Assistant: ${(error as Error).message}`;
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.handshakeTimer = setTimeout(() => {
      this.lastError = "Home Assistant did not complete the login handshake in time.";
      socket.terminate();
    }, this.timings.commandTimeoutMs);
    socket.on("message", (data: RawData) => this.onFrame(data));
    socket.on("error", (error: Error) => {
      this.lastError = `Connection to Home Assistant failed: ${error.message}`;
    });
    socket.once("close", (code: number) => this.onClose(socket, code));
  }

  private onFrame(data: RawData): void {
    for (const message of parseFrame(data, (what) => this.skipped.skip(what))) this.onMessage(message);
  }

  private onMessage(message: Incoming): void {
    switch (message.type) {
      case "auth_required":
        if (this.authed) this.skipped.skip("auth_required after login");
        else this.write(messages.auth(this.options.token));
        break;
      case "auth_ok":
        this.onAuthOk(message);
        break;
      case "auth_invalid":
        this.onAuthInvalid(message);
        break;
      case "result":
      case "pong":
        this.onResult(message);
        break;
      case "event":
        this.onEvent(message);
        break;
      default:
        this.skipped.skip(`a message of unknown type "${message.type.slice(0, 40)}"`);
    }
  }

  private onAuthOk(message: Incoming): void {
    if (this.authed) {
      this.skipped.skip("a second auth_ok");
      return;
    }
    if (this.handshakeTimer !== null) clearTimeout(this.handshakeTimer);
    this.authed = true;
    this.attempt = 0;
    this.lastError = null;
    this.haVersion = typeof message.ha_version === "string" ? message.ha_version : this.haVersion;
    // Older cores answer unknown_command; coalescing is an optimisation, so that is fine.
    this.sendCommand(messages.supportedFeatures()).catch(() => {});
    this.pingTimer = setInterval(() => this.keepAlive(), this.timings.pingIntervalMs);
    this.events.emit("ready", this.haVersion ?? "unknown");
    this.subscriptions.resubscribe();
  }

  private onAuthInvalid(message: Incoming): void {
    const detail = typeof message.message === "string" ? ` (${message.message})` : "";
    this.authFailed = true;
    this.lastError = `Home Assistant rejected the access token${detail}. Fix the token and restart HAsync.`;
    this.options.log.error("Home Assistant rejected the access token; not retrying", {
      url: displayUrl(this.options.url),
    });
    this.events.emit("auth_failed", this.lastError);
    this.socket?.close();
  }

  private onResult(message: Incoming): void {
    if (!this.commands.settle(message as Answer)) this.skipped.skip("an answer to no command in flight");
  }

  private onEvent(message: Incoming): void {
    const callback = this.subscriptions.callbackFor(message.id);
    if (callback === undefined) {
      this.skipped.skip("an event for no active subscription");
      return;
    }
    try {
      callback(message.event);
    } catch (error) {
      this.options.log.error("handling a Home Assistant event failed", { error });
    }
  }

  private keepAlive(): void {
    this.sendCommand(messages.ping()).catch((error: Error) => {
      if (!(error instanceof HaCommandError) || error.code !== "timeout") return;
      this.options.log.warn("Home Assistant stopped answering pings; reconnecting");
      this.reconnectNow("Home Assistant stopped answering.");
    });
  }

  private onClose(socket: WebSocket, code: number): void {
    if (this.socket !== socket) return;
    const wasAuthed = this.authed;
    this.socket = null;
    this.authed = false;
    if (this.handshakeTimer !== null) clearTimeout(this.handshakeTimer);
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    const tellEnded = this.subscriptions.socketClosed();
    const lost = new HaCommandError("connection_lost", "The connection to Home Assistant was lost.");
    this.commands.rejectAll(lost);
    tellEnded(lost);
    if (this.stopped || this.authFailed) return;
    if (wasAuthed) {
      this.lastError ??= `Home Assistant closed the connection (code ${code}).`;
      this.options.log.warn("lost the connection to Home Assistant; reconnecting", { close_code: code });
      this.events.emit("disconnected", this.lastError);
    } else if (this.attempt === 0) {
      // Later failures of the same outage are debug lines: the status carries the last error.
      this.options.log.warn("cannot reach Home Assistant; retrying", {
        url: displayUrl(this.options.url),
        error: this.lastError,
      });
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++, {
      initialMs: this.timings.reconnectInitialMs,
      maxMs: this.timings.reconnectMaxMs,
      random: this.timings.random,
    });
    this.options.log.debug("reconnecting to Home Assistant", { in_ms: delay, reason: this.lastError });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.open();
    }, delay);
  }
}
