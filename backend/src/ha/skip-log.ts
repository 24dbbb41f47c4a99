import type { Logger } from "../log/logger.js";

/**
 * Logs skipped input from Home Assistant: one warning per interval with a count, debug lines in
 * between, so a misbehaving peer sending thousands of bad frames cannot flood the log.
 */
export class SkipLog {
  private skipped = 0;
  private lastWarnAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly log: Logger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  skip(what: string): void {
    this.skipped++;
    const now = this.now();
    if (now - this.lastWarnAt < this.intervalMs) {
      this.log.debug("skipped an unexpected message from Home Assistant", { what });
      return;
    }
    this.log.warn("skipped unexpected messages from Home Assistant", { what, count: this.skipped });
    this.skipped = 0;
    this.lastWarnAt = now;
  }
}
