import {
  type Connection,
  createConnection,
  ERR_CANNOT_CONNECT,
  ERR_INVALID_AUTH,
  type HaWebSocket,
} from "home-assistant-js-websocket";
import { ApiError } from "../api/client.js";

/**
 * A ticket answer that means "this screen may not connect any more" (revoked, pass ended, pass
 * closed): the library must stop, and the app re-reads its session to say which.
 */
const REFUSED = new Set([401, 403, 410]);

/** What a failed ticket request means to home-assistant-js-websocket. */
export function ticketFailure(error: unknown): typeof ERR_INVALID_AUTH | typeof ERR_CANNOT_CONNECT {
  return error instanceof ApiError && REFUSED.has(error.status) ? ERR_INVALID_AUTH : ERR_CANNOT_CONNECT;
}

export interface TicketSocketOptions {
  /** A fresh single-use ticket (`POST api/v1/screen/ticket`). */
  ticket: () => Promise<{ ticket: string }>;
  url: string;
  /** The WebSocket class (injected by tests). */
  WebSocket?: new (
    url: string,
  ) => WebSocket;
  /** A stalled socket opens and closes never; bounded as the library's own createSocket does. */
  connectTimeoutMs?: number;
}

/** HA's versions from 2022.9 accept `supported_features` (coalesced frames) as message 1. */
function coalesces(version: string): boolean {
  const [year = 0, month = 0] = version.split(".").map(Number);
  return year > 2022 || (year === 2022 && month >= 9);
}

/**
 * HA's auth phase over a ticket, as home-assistant-js-websocket's `createSocket` does it
 * (socket.ts): `auth_required` → `auth` → `auth_ok`, then `supported_features`. A refused
 * ticket rejects with ERR_INVALID_AUTH, anything else with ERR_CANNOT_CONNECT (the library's
 * backoff retries those).
 */
function handshake(socket: WebSocket, ticket: string, timeoutMs: number): Promise<HaWebSocket> {
  return new Promise((resolve, reject) => {
    let invalid = false;
    const timer = setTimeout(() => socket.close(), timeoutMs);
    const onClose = () => {
      clearTimeout(timer);
      detach();
      reject(invalid ? ERR_INVALID_AUTH : ERR_CANNOT_CONNECT);
    };
    const onMessage = (event: MessageEvent) => {
      const message = JSON.parse(String(event.data)) as { type?: string; ha_version?: string };
      if (message.type === "auth_required") {
        socket.send(JSON.stringify({ type: "auth", access_token: ticket }));
      } else if (message.type === "auth_invalid") {
        invalid = true;
        socket.close();
      } else if (message.type === "auth_ok") {
        clearTimeout(timer);
        detach();
        const ha = Object.assign(socket, { haVersion: message.ha_version ?? "" });
        if (coalesces(ha.haVersion)) {
          ha.send(JSON.stringify({ type: "supported_features", id: 1, features: { coalesce_messages: 1 } }));
        }
        resolve(ha);
      }
    };
    const detach = () => {
      socket.removeEventListener("message", onMessage);
      socket.removeEventListener("close", onClose);
      socket.removeEventListener("error", onClose);
    };
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", onClose);
    socket.addEventListener("error", onClose);
  });
}

/** A `createSocket` for the library: a fresh ticket for every connect and reconnect. */
export function ticketSocket(options: TicketSocketOptions): () => Promise<HaWebSocket> {
  const Socket = options.WebSocket ?? WebSocket;
  return async () => {
    let ticket: string;
    try {
      ticket = (await options.ticket()).ticket;
    } catch (error) {
      throw ticketFailure(error);
    }
    return handshake(new Socket(options.url), ticket, options.connectTimeoutMs ?? 10_000);
  };
}

/**
 * The screen's connection to HA's WebSocket API on HAsync. Rejects with ERR_INVALID_AUTH when
 * the screen may not connect, ERR_CANNOT_CONNECT when HAsync is not reachable now.
 */
export function connectScreen(options: TicketSocketOptions): Promise<Connection> {
  return createConnection({ createSocket: ticketSocket(options) });
}
