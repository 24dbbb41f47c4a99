import { MAX_MCP_SESSIONS, MAX_MCP_SESSIONS_PER_DEVICE } from "hasync";

/** A session with no request for this long is closed (clients that exit rarely say goodbye). */
export const MCP_IDLE_MS = 30 * 60_000;

export interface SessionLimits {
  perDevice: number;
  total: number;
  idleMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  perDevice: MAX_MCP_SESSIONS_PER_DEVICE,
  total: MAX_MCP_SESSIONS,
  idleMs: MCP_IDLE_MS,
};

/** Clients reset their request timeout on progress (SDK `resetTimeoutOnProgress`): keep it alive. */
export const PENDING_EVERY_MS = 10_000;
