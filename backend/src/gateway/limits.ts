import { MAX_JSON_DEPTH } from "../http/json-depth.js";

/**
 * What one device socket, one device and one LAN address may cost HAsync (issue 11). None of these
 * is an add-on option: each sits far above what a real HA client does, so only abuse meets it.
 */
export interface GatewayLimits {
  /** HA's own limit: the `auth` message must arrive within 10 s. */
  authTimeoutMs: number;
  /** Largest frame a device may send (ws `maxPayload`); bigger ones close the socket with 1009. */
  maxPayloadBytes: number;
  /** Deepest nesting a device's message may have (the message object itself is level 1). */
  maxJsonDepth: number;
  /** Bytes queued for one device (socket buffer + queue) before it is closed as too slow. */
  maxBufferedBytes: number;
  /** Coalesced frames are cut at about this size, so one frame never holds a whole burst. */
  maxFrameBytes: number;
  /** Protocol-level ping interval; a socket that missed the previous pong is dropped. */
  heartbeatMs: number;
  /** After a close frame, how long a peer gets to answer before its socket is destroyed. */
  closeGraceMs: number;
  /** Sockets from one address that have not authenticated yet; more are refused before the handshake. */
  maxUnauthenticatedPerAddress: number;
  /** Sockets from all addresses that have not authenticated yet. */
  maxUnauthenticated: number;
  /** Authenticated sockets of one device; the gateway-wide cap is `maxConnections`. */
  maxConnectionsPerDevice: number;
  /** Open subscriptions on one socket (`subscribe_entities` + `subscribe_events`). */
  maxSubscriptions: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  authTimeoutMs: 10_000,
  maxPayloadBytes: 64 * 1024,
  maxJsonDepth: MAX_JSON_DEPTH,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxFrameBytes: 64 * 1024,
  heartbeatMs: 30_000,
  closeGraceMs: 1_000,
  // A socket leaves this state one round trip after it opens (the client sends `auth` on
  // `auth_required`), so even a proxy in front of many tablets that all reconnect at once after a
  // restart holds only a few at a time: 16 per address leaves that room while one LAN client can
  // hold at most 16 sockets for at most `authTimeoutMs` each. Overall, 256 lets a whole house at
  // the default 200-device cap reconnect in the same second, yet bounds what many addresses
  // together may hold (tens of kB each) to several MB.
  maxUnauthenticatedPerAddress: 16,
  maxUnauthenticated: 256,
  // HA's app, a browser dashboard and an automation tool on one token open one socket each.
  maxConnectionsPerDevice: 16,
  // HA sets no limit. A full HA frontend keeps about 20 subscriptions per socket; a client that
  // reaches 1,000 is leaking them. At about 600 bytes each that bounds one socket to well under 1 MB.
  maxSubscriptions: 1_000,
};
