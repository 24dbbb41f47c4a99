import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { readYaml } from "../addon/repo.js";
import { memoryLogger, tempDir } from "../test-support/harness.js";
import {
  DATABASE_FILE,
  LIVE_MARKER_FILE,
  removeSnapshot,
  SNAPSHOT_FILE,
  settleSnapshot,
  writeSnapshot,
} from "./backup.js";
import { closeDatabase, type Db, openDatabase } from "./database.js";

const dirs: string[] = [];
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) closeDatabase(db);
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = tempDir("hasync-backup-");
  dirs.push(dir);
  return dir;
}

/** Starts HAsync's database in `dir` the way `Hasync.create` does. */
function live(dir: string): Db {
  settleSnapshot(dir, memoryLogger().log);
  const db = openDatabase({ file: path.join(dir, DATABASE_FILE), log: memoryLogger().log });
  // Keep every write in the WAL, as between two automatic checkpoints of a running server.
  db.pragma("wal_autocheckpoint = 0");
  open.push(db);
  return db;
}

function insert(db: Db, count: number, type: string): void {
  const statement = db.prepare("INSERT INTO audit_log (at, type, detail) VALUES (?, ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < count; i++) statement.run(Date.now(), type, "x".repeat(200));
  })();
}

function countOf(file: string, type?: string): number {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const sql = `SELECT count(*) AS n FROM audit_log${type ? " WHERE type = ?" : ""}`;
    return (db.prepare(sql).get(...(type ? [type] : [])) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** What the Supervisor copies into a backup and back on restore: `/data` minus `backup_exclude`. */
function copyAsSupervisorBackup(from: string, to: string): void {
  const excluded = (readYaml("config.yaml").backup_exclude as string[] | undefined) ?? [];
  for (const name of fs.readdirSync(from)) {
    // PurePath.match with a bare name matches the file name.
    if (excluded.includes(name)) continue;
    fs.copyFileSync(path.join(from, name), path.join(to, name));
  }
}

describe("database snapshots for Home Assistant's hot backups", () => {
  it("copies the live database, writes still in its WAL included, beside the running server", async () => {
    const dir = dataDir();
    const db = live(dir);
    insert(db, 300, "before.backup");
    expect(fs.statSync(path.join(dir, `${DATABASE_FILE}-wal`)).size).toBeGreaterThan(0);

    const { file, bytes } = await writeSnapshot(dir);
    expect(file).toBe(path.join(dir, SNAPSHOT_FILE));
    expect(bytes).toBe(fs.statSync(file).size);
    expect(countOf(file, "before.backup")).toBe(300);
    // The server's own connection carries on writing.
    insert(db, 1, "after.backup");
    expect(countOf(file)).toBe(300);
  });

  it("is transactionally consistent while another process keeps writing", async () => {
    const dir = dataDir();
    closeDatabase(openDatabase({ file: path.join(dir, DATABASE_FILE), log: memoryLogger().log }));
    const writer = `
      const Db = require("better-sqlite3");
      const db = new Db(process.argv[1]);
      db.pragma("journal_mode = WAL"); db.pragma("busy_timeout = 5000");
      const ins = db.prepare("INSERT INTO audit_log (at, type, detail) VALUES (?, 'busy', ?)");
      const many = db.transaction((n) => { for (let i = 0; i < n; i++) ins.run(Date.now(), "x".repeat(300)); });
      let batches = 0;
      const tick = () => { many(100); batches++; if (batches === 5) process.stdout.write("ready\\n"); setImmediate(tick); };
      tick();
    `;
    const child = spawn(process.execPath, ["-e", writer, path.join(dir, DATABASE_FILE)], {
      cwd: path.dirname(fileURLToPath(import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      await writeSnapshot(dir);
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    const n = countOf(path.join(dir, SNAPSHOT_FILE));
    expect(n).toBeGreaterThanOrEqual(500);
    expect(n % 100).toBe(0);
  });

  it("restores the snapshot when the folder comes back from a backup, even if the live copy is torn", async () => {
    const dir = dataDir();
    const db = live(dir);
    insert(db, 200, "in.backup");
    await writeSnapshot(dir);
    // The Supervisor copies the files while the server writes on.
    insert(db, 50, "during.copy");
    const restored = dataDir();
    copyAsSupervisorBackup(dir, restored);
    expect(fs.existsSync(path.join(restored, LIVE_MARKER_FILE))).toBe(false);
    // A torn copy: half of the main file overwritten.
    const copied = path.join(restored, DATABASE_FILE);
    const size = fs.statSync(copied).size;
    const fd = fs.openSync(copied, "r+");
    fs.writeSync(fd, Buffer.alloc(Math.floor(size / 2), 0x5a), 0, Math.floor(size / 2), 0);
    fs.closeSync(fd);

    const { log, lines } = memoryLogger();
    expect(settleSnapshot(restored, log)).toBe("restored");
    expect(lines.join("\n")).toContain("restored the database from the snapshot");
    expect(fs.existsSync(path.join(restored, SNAPSHOT_FILE))).toBe(false);
    expect(fs.existsSync(path.join(restored, `${DATABASE_FILE}-wal`))).toBe(false);
    expect(fs.existsSync(path.join(restored, LIVE_MARKER_FILE))).toBe(true);
    const reopened = openDatabase({ file: copied, log: memoryLogger().log });
    open.push(reopened);
    expect(countOf(copied, "in.backup")).toBe(200);
    expect(countOf(copied, "during.copy")).toBe(0);
  });

  it("drops the snapshot an interrupted backup left behind: the live database is newer", async () => {
    const dir = dataDir();
    const db = live(dir);
    insert(db, 10, "in.backup");
    await writeSnapshot(dir);
    insert(db, 5, "after.backup");
    closeDatabase(db);

    const { log, lines } = memoryLogger();
    expect(settleSnapshot(dir, log)).toBe("discarded");
    expect(lines.join("\n")).toContain("interrupted backup");
    expect(fs.existsSync(path.join(dir, SNAPSHOT_FILE))).toBe(false);
    expect(countOf(path.join(dir, DATABASE_FILE))).toBe(15);
  });

  it("keeps the WAL in backups: after a crash, a stopped HAsync's last writes are only there", async () => {
    // The Supervisor runs backup_pre only while the add-on runs, so a stopped add-on is backed up
    // without a snapshot; if it died by SIGKILL (a stop timeout, a power cut), committed
    // transactions wait in hasync.db-wal for the next open to fold them in.
    const dir = dataDir();
    closeDatabase(openDatabase({ file: path.join(dir, DATABASE_FILE), log: memoryLogger().log }));
    const writer = `
      const Db = require("better-sqlite3");
      const db = new Db(process.argv[1]);
      db.pragma("journal_mode = WAL"); db.pragma("wal_autocheckpoint = 0");
      const ins = db.prepare("INSERT INTO audit_log (at, type, detail) VALUES (?, 'crash', '{}')");
      db.transaction(() => { for (let i = 0; i < 50; i++) ins.run(Date.now()); })();
      process.stdout.write("ready\\n");
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ["-e", writer, path.join(dir, DATABASE_FILE)], {
      cwd: path.dirname(fileURLToPath(import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(fs.statSync(path.join(dir, `${DATABASE_FILE}-wal`)).size).toBeGreaterThan(0);

    const restored = dataDir();
    copyAsSupervisorBackup(dir, restored);
    expect(settleSnapshot(restored, memoryLogger().log)).toBe("none");
    expect(countOf(path.join(restored, DATABASE_FILE), "crash")).toBe(50);
  });

  it("backup-cleanup removes the snapshot; a start without one changes nothing", async () => {
    const dir = dataDir();
    live(dir);
    await writeSnapshot(dir);
    expect(removeSnapshot(dir)).toBe(true);
    expect(removeSnapshot(dir)).toBe(false);
    expect(settleSnapshot(dir, memoryLogger().log)).toBe("none");
  });

  it("refuses to snapshot a folder without a database, and leaves nothing behind", async () => {
    const dir = dataDir();
    await expect(writeSnapshot(dir)).rejects.toThrow(/no database/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe("config.yaml's backup hooks", () => {
  const config = readYaml("config.yaml");

  it("snapshot /data before a hot backup and clean up after it, with the image's node and entry", () => {
    expect(config.backup).toBeUndefined(); // the Supervisor's default: hot
    expect(config.backup_pre).toBe("/usr/local/bin/node /app/backend/dist/main.js backup-snapshot /data");
    expect(config.backup_post).toBe("/usr/local/bin/node /app/backend/dist/main.js backup-cleanup /data");
  });

  it("leave the live marker out of backups, and keep the database, its WAL and its snapshot in", () => {
    const excluded = config.backup_exclude as string[];
    expect(excluded).toContain(LIVE_MARKER_FILE);
    expect(excluded).not.toContain(DATABASE_FILE);
    expect(excluded).not.toContain(SNAPSHOT_FILE);
    expect(excluded).not.toContain(`${DATABASE_FILE}-wal`);
  });
});
