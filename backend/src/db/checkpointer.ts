import type { Logger } from "../log/logger.js";
import { BUSY_TIMEOUT_MS, type Db } from "./database.js";

const DEFAULT_EVERY_MS = 5 * 60_000;

export interface WalCheckpointerOptions {
  db: Db;
  log: Logger;
  everyMs?: number;
}

/**
 * Folds the WAL back into the main file and truncates it to zero now and then, so an idle
 * HAsync keeps a near-empty WAL even when an automatic checkpoint was held off (a backup snapshot
 * was reading) and no write came after to retry it.
 */
export class WalCheckpointer {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: WalCheckpointerOptions) {}

  start(): void {
    this.timer = setInterval(() => this.checkpoint(), this.o.everyMs ?? DEFAULT_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** True when the WAL was emptied; false when another connection's reader or writer was in the way. */
  checkpoint(): boolean {
    const { db } = this.o;
    if (!db.open) return false;
    // TRUNCATE waits for readers through the busy handler, and this process has one thread: a
    // backup snapshot reading in another process must not stall every socket for seconds. Try
    // without waiting; the next period tries again.
    db.pragma("busy_timeout = 0");
    try {
      const [result] = db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number }[];
      return result?.busy === 0;
    } catch (error) {
      this.o.log.debug("WAL checkpoint skipped", { error });
      return false;
    } finally {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }
}
