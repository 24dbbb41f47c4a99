import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Logger } from "../log/logger.js";
import { MIGRATIONS, type Migration } from "./migrations.js";

export type Db = BetterSqlite3.Database;

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
    db.pragma("busy_timeout = 5000");
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
