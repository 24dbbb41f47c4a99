import { timingSafeEqual } from "node:crypto";
import type { RawData, WebSocket } from "ws";
import type { BusEvent } from "./bus.js";
import { COMMANDS, type Command } from "./commands.js";
import { HaError } from "./errors.js";
import type { ServiceRunner } from "./services.js";
import type { HomeStore } from "./store.js";
import { validateCommand } from "./validate.js";

/** What every connection shares: the server's settings, the home and its services. */
export interface ConnectionHost {
  readonly token: string;
  readonly haVersion: string;
  isStalled(): boolean;
  readonly store: HomeStore;
  readonly services: ServiceRunner;
  config(): Record<string, unknown>;
  servicesJson(): string;
  recordCall(call: {
    domain: string;
    service: string;
    service_data: Record<string, unknown>;
    target?: unknown;
  }): void;
}

export type Subscription =
  | { kind: "events"; eventType: string }
  | { kind: "entities"; ids: ReadonlySet<string> | null }
  /** history/stream, logbook/event_stream: the stream picks what it sends from each bus event. */
  | { kind: "stream"; deliver(event: BusEvent): void };

// HA closes a client that sends nothing within 10 s of connecting (websocket_api/http.py).
const AUTH_TIMEOUT_MS = 10_000;
// HA drops clients that cannot keep up (4096 pending messages); ws buffers bytes, so bound those.
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

const TYPE_KEY = "for dictionary value @ data['type']";
const isValidId = (id: unknown): id is number => typeof id === "number" && Number.isInteger(id) && id > 0;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Constant-time token comparison. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * One client socket speaking HA's websocket API: the auth phase, then commands with strictly
 * increasing ids. Outgoing messages are queued and flushed once per event-loop turn; a client
 * that sent `supported_features: {coalesce_messages: 1}` gets several as one JSON array frame.
 */
export class ClientConnection {
  private authed = false;
  private coalesce = false;
  private lastId = 0;
  private pending: string[] = [];
  private flushScheduled = false;
  private closeAfterFlush = false;
  private authTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions = new Map<number, Subscription>();

  constructor(
    private readonly socket: WebSocket,
    readonly host: ConnectionHost,
  ) {}

  start(): void {
    this.socket.on("message", (data, isBinary) => this.onFrame(data, isBinary));
    this.socket.on("close", () => clearTimeout(this.authTimer));
    this.socket.on("error", () => this.socket.terminate());
    this.authTimer = setTimeout(() => this.socket.close(), AUTH_TIMEOUT_MS);
    this.authTimer.unref();
    this.queue(JSON.stringify({ type: "auth_required", ha_version: this.host.haVersion }));
  }

  /** Drops the socket at once, like a crashed or restarting HA. */
  terminate(): void {
    clearTimeout(this.authTimer);
    this.socket.terminate();
  }

  /** Sends a frame as-is, after whatever is already queued (test hook for garbage frames). */
  sendRaw(frame: string): void {
    this.flush();
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(frame);
  }

  deliver(event: BusEvent): void {
    if (this.subscriptions.size === 0) return;
    for (const [id, sub] of this.subscriptions) {
      if (sub.kind === "stream") {
        sub.deliver(event);
        continue;
      }
      if (sub.kind === "events") {
        if (sub.eventType === "*" || sub.eventType === event.eventType) this.event(id, event.eventJson());
        continue;
      }
      const change = event.change;
      if (change && (sub.ids === null || sub.ids.has(change.entityId)))
        this.event(id, event.entitiesJson() ?? "{}");
    }
  }

  result(id: number, value: unknown): void {
    this.resultJson(id, JSON.stringify(value ?? null));
  }

  /** A result whose JSON is already built (get_states reuses each state's cached JSON). */
  resultJson(id: number, json: string): void {
    this.queue(`{"id":${id},"type":"result","success":true,"result":${json}}`);
  }

  error(id: unknown, code: string, message: string): void {
    this.queue(JSON.stringify({ id, type: "result", success: false, error: { code, message } }));
  }

  pong(id: number): void {
    this.queue(`{"id":${id},"type":"pong"}`);
  }

  event(id: number, eventJson: string): void {
    this.queue(`{"id":${id},"type":"event","event":${eventJson}}`);
  }

  subscribe(id: number, subscription: Subscription): void {
    this.subscriptions.set(id, subscription);
  }

  /** Whether `subscription` is still open as `id` on a live socket (for pushes from outside the bus). */
  holds(id: number, subscription: Subscription): boolean {
    return this.socket.readyState === this.socket.OPEN && this.subscriptions.get(id) === subscription;
  }

  unsubscribe(id: number): boolean {
    return this.subscriptions.delete(id);
  }

  enableCoalescing(on: boolean): void {
    this.coalesce = on;
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    // HA disconnects on binary frames and on invalid JSON rather than answering them.
    const message = isBinary ? undefined : parseJson(data.toString());
    if (message === undefined) {
      this.socket.close(1000);
    } else if (!this.authed) {
      this.onAuth(message);
    } else {
      for (const one of Array.isArray(message) ? message : [message]) this.onCommand(one);
    }
  }

  private onAuth(message: unknown): void {
    clearTimeout(this.authTimer);
    if (!isObject(message) || message.type !== "auth") {
      this.rejectAuth(`Auth message incorrectly formatted: value must be one of ['auth'] ${TYPE_KEY}`);
    } else if (
      typeof message.access_token !== "string" ||
      !sameSecret(message.access_token, this.host.token)
    ) {
      this.rejectAuth("Invalid access token or password");
    } else {
      this.authed = true;
      this.queue(JSON.stringify({ type: "auth_ok", ha_version: this.host.haVersion }));
    }
  }

  private rejectAuth(message: string): void {
    this.queue(JSON.stringify({ type: "auth_invalid", message }));
    this.closeAfterFlush = true;
  }

  private onCommand(msg: unknown): void {
    if (this.host.isStalled()) return;
    if (!isObject(msg) || !isValidId(msg.id) || typeof msg.type !== "string" || !msg.type) {
      this.error(isObject(msg) ? (msg.id ?? null) : 0, "invalid_format", "Message incorrectly formatted.");
      return;
    }
    const id = msg.id;
    const command = COMMANDS[msg.type];
    if (id <= this.lastId) this.error(id, "id_reuse", "Identifier values have to increase.");
    else if (!command) this.error(id, "unknown_command", "Unknown command.");
    else this.run(command, id, msg);
  }

  private run(command: Command, id: number, msg: Record<string, unknown>): void {
    try {
      validateCommand(msg, command.schema);
      command.handle(this, id, msg);
    } catch (error) {
      if (error instanceof HaError) this.error(id, error.code, error.message);
      else this.error(id, "unknown_error", "Unknown error");
    }
    this.lastId = id;
  }

  private queue(json: string): void {
    this.pending.push(json);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.coalesce && batch.length > 1) this.socket.send(`[${batch.join(",")}]`);
    else for (const message of batch) this.socket.send(message);
    if (this.closeAfterFlush) this.socket.close(1000);
    else if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) this.terminate();
  }
}
