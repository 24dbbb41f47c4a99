import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Logger } from "../log/logger.js";

/**
 * Consistent Home Assistant backups of a running HAsync.
 *
 * The Supervisor copies `/data` file by file while the add-on runs (`backup: hot`). A copy of a
 * live SQLite database can be torn: a checkpoint may rewrite the main file between the copies of
 * its pages. So the Supervisor first runs `backup_pre` (`main.js backup-snapshot /data`), which
 * writes `hasync.snapshot.db` with SQLite's online backup, a consistent copy taken beside the live
 * files; `backup_post` (`main.js backup-cleanup /data`) removes it again.
 *
 * `hasync.live` marks a data folder HAsync has run in, and backups leave it out (config.yaml
 * `backup_exclude`). So when HAsync starts and finds a snapshot:
 * - without the marker, the folder was just restored from a backup: the snapshot replaces the
 *   live files copied beside it;
 * - with the marker, a backup was interrupted before `backup_post`: the live database is the
 *   newer one and the snapshot is dropped.
 */
export const DATABASE_FILE = "hasync.db";
export const SNAPSHOT_FILE = "hasync.snapshot.db";
export const LIVE_MARKER_FILE = "hasync.live";
const PARTIAL_SUFFIX = ".partial";
const SQLITE_SIDE_FILES = ["-wal", "-shm", "-journal"];

const MARKER_TEXT =
  "HAsync runs on this folder. Home Assistant's backups leave this file out, so its absence next\n" +
  `to ${SNAPSHOT_FILE} tells HAsync that the folder was restored from a backup.\n`;

/** Writes a consistent copy of the live database to `hasync.snapshot.db` (atomically). */
export async function writeSnapshot(dataDir: string): Promise<{ file: string; bytes: number }> {
  const live = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(live)) throw new Error(`There is no database at ${live} to back up.`);
  const target = path.join(dataDir, SNAPSHOT_FILE);
  const partial = target + PARTIAL_SUFFIX;
  fs.rmSync(partial, { force: true });
  // A second connection beside the running server's: it only reads, and waits out a writer.
  const db = new BetterSqlite3(live, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    await db.backup(partial);
  } finally {
    db.close();
  }
  const fd = fs.openSync(partial, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size };
}

/** Removes the snapshot once the backup has it. */
export function removeSnapshot(dataDir: string): boolean {
  const target = path.join(dataDir, SNAPSHOT_FILE);
  const existed = fs.existsSync(target);
  fs.rmSync(target, { force: true });
  fs.rmSync(target + PARTIAL_SUFFIX, { force: true });
  return existed;
}

export type SnapshotOutcome = "restored" | "discarded" | "none";

/**
 * Runs before the database opens: puts a restored backup's snapshot in place of the live files,
 * or drops a snapshot an interrupted backup left behind; then marks the folder as live.
 */
export function settleSnapshot(dataDir: string, log: Logger): SnapshotOutcome {
  fs.mkdirSync(dataDir, { recursive: true });
  const snapshot = path.join(dataDir, SNAPSHOT_FILE);
  const marker = path.join(dataDir, LIVE_MARKER_FILE);
  fs.rmSync(snapshot + PARTIAL_SUFFIX, { force: true });
  let outcome: SnapshotOutcome = "none";
  if (fs.existsSync(snapshot)) {
    if (fs.existsSync(marker)) {
      fs.rmSync(snapshot);
      log.warn("removed the database snapshot of an interrupted backup; the live database is newer", {
        file: snapshot,
      });
      outcome = "discarded";
    } else {
      const live = path.join(dataDir, DATABASE_FILE);
      for (const suffix of ["", ...SQLITE_SIDE_FILES]) fs.rmSync(live + suffix, { force: true });
      fs.renameSync(snapshot, live);
      log.info("restored the database from the snapshot in Home Assistant's backup", { file: live });
      outcome = "restored";
    }
  }
  fs.writeFileSync(marker, MARKER_TEXT);
  return outcome;
}
