/** How long the link waits for things; injectable so tests run in milliseconds. */
export interface ConnectionTimings {
  /** Every command (and the auth handshake) fails after this long without an answer. */
  commandTimeoutMs: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  /** Keep-alive ping while connected; a missed pong means a dead socket. */
  pingIntervalMs: number;
  random: () => number;
}

export const DEFAULT_TIMINGS: ConnectionTimings = {
  commandTimeoutMs: 10_000,
  reconnectInitialMs: 1_000,
  reconnectMaxMs: 30_000,
  pingIntervalMs: 30_000,
  random: Math.random,
};

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Injected so tests are deterministic; Math.random in production. */
  random: () => number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): initial, doubling, capped at max, with
 * downward jitter (75–100 % of the step) so many clients restarting with Home Assistant do not
 * reconnect in lockstep, and the cap is never exceeded.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(step * (0.75 + 0.25 * options.random()));
}
