import WebSocket, { type RawData } from "ws";
import { networkReason, parseBaseUrl, webSocketUrl } from "./client.js";
import { applyEntitiesEvent, type EntityChange, type EntityState } from "./entities.js";
import { DeviceApiError, type DeviceApiErrorCode, TOKEN_REJECTED } from "./sdk.js";

/**
 * Live states over Home Assistant's WebSocket API (https://developers.home-assistant.io/docs/api/websocket):
 * auth_required → auth → auth_ok, then `subscribe_entities`, whose compressed events are expanded
 * into full states. Uses the `ws` package: Node 18 has no global WebSocket.
 */

export interface EntitiesUpdate {
  /** True for the first update, which lists every entity the device may see as an addition. */
  initial: boolean;
  changes: EntityChange[];
  /** All current states after this update (live: copy what you keep). */
  states: ReadonlyMap<string, EntityState>;
}

export interface WatchOptions {
  /** Only these entities (HA's `entity_ids`); default everything the device may see. */
  entityIds?: string[];
  /** Aborting ends the watch like `close()`. */
  signal?: AbortSignal;
  /** Limit for connecting, signing in and receiving the first states; default 15 s. */
  timeoutMs?: number;
  /** How often HA's `ping` checks that the server is still there; default 30 s. */
  heartbeatMs?: number;
}

export interface EntityWatch {
  /** Resolves once the first states arrived; rejects like `closed` when that never happens. */
  readonly ready: Promise<void>;
  /** Resolves after `close()`; rejects with a DeviceApiError when the server or network ends the watch. */
  readonly closed: Promise<void>;
  close(): void;
}

const SUBSCRIBE_ID = 1;
/** HAsync's close code for a revoked device; 1008 is HA's (and HAsync's) failed sign-in. */
const TOKEN_CLOSE_CODES = new Set([4001, 1008]);
/** After our close frame, how long the server gets to answer before the socket is dropped. */
const CLOSE_GRACE_MS = 1000;

interface Gate {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

function gate(): Gate {
  const out = {} as Gate;
  out.promise = new Promise<void>((resolve, reject) => {
    out.resolve = resolve;
    out.reject = reject;
  });
  // Unobserved failures must not crash the process; callers see them by awaiting.
  out.promise.catch(() => undefined);
  return out;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function closeError(code: number, reason: string): DeviceApiError {
  if (TOKEN_CLOSE_CODES.has(code)) return new DeviceApiError("token_rejected", TOKEN_REJECTED);
  if (code === 1006) return new DeviceApiError("connection_closed", "connection lost");
  const why = reason === "" ? String(code) : `${code}: ${reason}`;
  return new DeviceApiError("connection_closed", `connection closed by the server (${why})`);
}

class EntityWatcher implements EntityWatch {
  private readonly states = new Map<string, EntityState>();
  private readonly readyGate = gate();
  private readonly closedGate = gate();
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private nextId = SUBSCRIBE_ID + 1;
  private pendingPing: number | null = null;
  private live = false;
  private outcome: { error: Error | null } | undefined;
  private readonly onAbort = () => this.close();

  constructor(
    private readonly url: URL,
    /** The http(s) origin the caller gave, for messages. */
    private readonly origin: string,
    private readonly token: string,
    private readonly onChange: (update: EntitiesUpdate) => void,
    private readonly options: WatchOptions,
  ) {}

  get ready(): Promise<void> {
    return this.readyGate.promise;
  }

  get closed(): Promise<void> {
    return this.closedGate.promise;
  }

  start(): void {
    const { signal } = this.options;
    if (signal?.aborted) {
      this.close();
      return;
    }
    signal?.addEventListener("abort", this.onAbort, { once: true });
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    const seconds = Math.round(timeoutMs / 1000);
    this.timer = setTimeout(
      () => this.fail("timeout", `no states from ${this.origin} within ${seconds} s`),
      timeoutMs,
    );
    const ws = new WebSocket(this.url, { handshakeTimeout: timeoutMs });
    this.socket = ws;
    ws.on("unexpected-response", (_req, res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      if (status === 401 || status === 403) this.fail("token_rejected", TOKEN_REJECTED);
      else if (status === 404) this.fail("not_found", `no Home Assistant WebSocket API at ${this.url}`);
      else this.fail("bad_response", `unexpected answer from ${this.url} (HTTP ${status})`);
    });
    ws.on("error", (error) =>
      this.fail("unreachable", `cannot reach ${this.origin}: ${networkReason(error)}`),
    );
    ws.on("message", (data: RawData, isBinary: boolean) => this.onFrame(data, isBinary));
    ws.on("close", (code: number, reason: Buffer) => this.onClose(code, reason.toString()));
  }

  close(): void {
    this.finish(null);
  }

  private fail(code: DeviceApiErrorCode, message: string): void {
    this.finish(new DeviceApiError(code, message));
  }

  /** Records the outcome once and closes the socket; the gates settle when it is closed. */
  private finish(error: Error | null): void {
    if (this.outcome !== undefined) return;
    this.outcome = { error };
    this.stopTimers();
    const ws = this.socket;
    if (ws === null || ws.readyState === WebSocket.CLOSED) this.settle();
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else {
      ws.close(1000);
      this.timer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    }
  }

  private onClose(code: number, reason: string): void {
    if (this.outcome === undefined) this.outcome = { error: closeError(code, reason) };
    this.stopTimers();
    this.settle();
  }

  private settle(): void {
    const error = this.outcome?.error ?? null;
    if (error === null) {
      this.readyGate.reject(new DeviceApiError("aborted", "closed before the first states arrived"));
      this.closedGate.resolve();
    } else {
      this.readyGate.reject(error);
      this.closedGate.reject(error);
    }
  }

  private stopTimers(): void {
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    this.options.signal?.removeEventListener("abort", this.onAbort);
  }

  private send(message: Record<string, unknown>): void {
    this.socket?.send(JSON.stringify(message));
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      this.fail("bad_response", "the server sent a frame that is not JSON");
      return;
    }
    // Servers may coalesce several messages into one JSON array (HA's `coalesce_messages`).
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      if (this.outcome !== undefined) return;
      if (isRecord(message)) this.onMessage(message);
    }
  }

  private onMessage(message: Record<string, unknown>): void {
    switch (message.type) {
      case "auth_required":
        this.send({ type: "auth", access_token: this.token });
        return;
      case "auth_ok": {
        const ids = this.options.entityIds;
        this.send({ id: SUBSCRIBE_ID, type: "subscribe_entities", ...(ids ? { entity_ids: ids } : {}) });
        return;
      }
      case "auth_invalid":
        this.fail("token_rejected", TOKEN_REJECTED);
        return;
      case "pong":
        if (message.id === this.pendingPing) this.pendingPing = null;
        return;
      case "result":
        if (message.id === SUBSCRIBE_ID && message.success === false) {
          const detail = isRecord(message.error) ? String(message.error.message) : "no reason given";
          this.fail("bad_response", `subscribe_entities failed: ${detail}`);
        }
        return;
      case "event":
        if (message.id === SUBSCRIBE_ID) this.onEvent(message.event);
        return;
    }
  }

  private onEvent(event: unknown): void {
    const changes = applyEntitiesEvent(this.states, event);
    const initial = !this.live;
    if (initial) {
      this.live = true;
      clearTimeout(this.timer);
      this.startHeartbeat();
      this.readyGate.resolve();
    } else if (changes.length === 0) {
      return;
    }
    try {
      this.onChange({ initial, changes, states: this.states });
    } catch (error) {
      this.finish(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** A server that vanished without a close (a Wi-Fi drop) is noticed by its missing pong. */
  private startHeartbeat(): void {
    this.heartbeat = setInterval(() => {
      if (this.pendingPing !== null) {
        this.fail("connection_closed", "the server stopped answering keep-alive pings");
        return;
      }
      this.pendingPing = this.nextId++;
      this.send({ id: this.pendingPing, type: "ping" });
    }, this.options.heartbeatMs ?? 30_000);
  }
}

/**
 * Watches the states a device may see. `onChange` gets every entity first (`initial: true`), then
 * each change as it happens. Errors: `token_rejected` (revoked or expired token), `unreachable`,
 * `timeout`, `connection_closed`, `not_found`, `bad_response`.
 */
export function watchEntities(
  baseUrl: string,
  token: string,
  onChange: (update: EntitiesUpdate) => void,
  options: WatchOptions = {},
): EntityWatch {
  const base = parseBaseUrl(baseUrl);
  const watcher = new EntityWatcher(
    webSocketUrl(base, "api/websocket"),
    base.origin,
    token,
    onChange,
    options,
  );
  watcher.start();
  return watcher;
}
