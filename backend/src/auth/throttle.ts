/**
 * Failed-attempt throttle with growing lockouts, keyed by anything guessable-against (a client
 * IP, a username, a pairing code's requester). The `freeAttempts`-th consecutive failure and each
 * one after it lock the key for `baseLockMs`, doubling up to `maxLockMs`. A success clears it;
 * a key idle for `forgetAfterMs` starts over. Memory is bounded by `maxKeys` (oldest evicted).
 */
export interface ThrottleOptions {
  freeAttempts: number;
  baseLockMs: number;
  maxLockMs: number;
  forgetAfterMs: number;
  maxKeys: number;
  now: () => number;
}

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

export class FailureThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: ThrottleOptions) {}

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const entry = this.current(key);
    if (!entry) return 0;
    const waitMs = entry.lockedUntil - this.options.now();
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  /** Records a failure; returns the lock it caused in seconds (0 while attempts are still free). */
  fail(key: string): number {
    const now = this.options.now();
    const entry = this.current(key) ?? { failures: 0, lockedUntil: 0, lastFailure: now };
    entry.failures += 1;
    entry.lastFailure = now;
    const over = entry.failures - this.options.freeAttempts + 1;
    if (over > 0) {
      const lockMs = Math.min(this.options.baseLockMs * 2 ** (over - 1), this.options.maxLockMs);
      entry.lockedUntil = now + lockMs;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.options.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return over > 0 ? Math.ceil((entry.lockedUntil - now) / 1000) : 0;
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const idle = this.options.now() - entry.lastFailure;
    if (idle > this.options.forgetAfterMs && entry.lockedUntil <= this.options.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
