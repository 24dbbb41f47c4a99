import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Logger } from "../log/logger.js";
import { MIGRATIONS, type Migration } from "./migrations.js";

export type Db = BetterSqlite3.Database;

/** How long a statement waits for another connection's lock (a backup snapshot) before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;
/** SQLite checkpoints the WAL into the main file once it holds this many pages (~4 MB): its default, said out loud. */
const WAL_AUTOCHECKPOINT_PAGES = 1000;
/**
 * After a checkpoint lets the WAL start over, SQLite truncates a file grown past this (one big
 * transaction, a checkpoint held off by a backup reading) instead of keeping it at its peak.
 */
export const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

export class DatabaseVersionError extends Error {
  constructor(found: number, supported: number, file: string) {
    super(
      `The database ${file} has schema version ${found}, but this HAsync only knows versions up to ` +
        `${supported}. It was written by a newer HAsync: update HAsync, or restore a backup made ` +
        `with this version. The file was left untouched.`,
    );
    this.name = "DatabaseVersionError";
  }
}

export interface OpenDatabaseOptions {
  /** A file path, or ":memory:". */
  file: string;
  log: Logger;
  migrations?: readonly Migration[];
}

/**
 * Opens SQLite with the pragmas HAsync relies on and brings the schema up to date.
 * WAL + synchronous=NORMAL never corrupts the file on a crash or kill -9; at worst the last
 * transactions before a power loss are rolled back.
 *
 * Statements that write must run to completion: SQLite checkpoints the WAL automatically only
 * when `sqlite3_step` returns SQLITE_DONE, so an `INSERT … RETURNING` run with better-sqlite3's
 * `.get()` or `.run()` (one step, then a reset that commits) never checkpoints and the WAL grows
 * with every write (issue 11: 357 MB after 20,000 audit rows). HAsync writes without RETURNING.
 */
export function openDatabase({ file, log, migrations = MIGRATIONS }: OpenDatabaseOptions): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    // Check the version before anything writes to the file, so a newer database stays untouched.
    const current = db.pragma("user_version", { simple: true }) as number;
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (current > latest) throw new DatabaseVersionError(current, latest, file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    migrate(db, migrations, current, log);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Db, migrations: readonly Migration[], current: number, log: Logger): void {
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    log.info("applied database migration", { version: migration.version, name: migration.name });
  }
}

/** Folds the WAL back into the main file and closes it; safe to call twice. */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}
