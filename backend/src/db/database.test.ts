import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { memoryLogger, tempDir } from "../test-support/harness.js";
import { WalCheckpointer } from "./checkpointer.js";
import { closeDatabase, DatabaseVersionError, openDatabase, WAL_SIZE_LIMIT_BYTES } from "./database.js";
import { MIGRATIONS } from "./migrations.js";

const dirs: string[] = [];
const fresh = () => {
  const dir = tempDir();
  dirs.push(dir);
  return path.join(dir, "hasync.db");
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("openDatabase", () => {
  it("migrates an empty database to the latest version with the expected pragmas", () => {
    const { log, lines } = memoryLogger();
    const db = openDatabase({ file: fresh(), log });
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    expect(db.pragma("user_version", { simple: true })).toBe(latest);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    expect(db.pragma("journal_size_limit", { simple: true })).toBe(WAL_SIZE_LIMIT_BYTES);
    expect(lines.filter((l) => l.includes("applied database migration"))).toHaveLength(MIGRATIONS.length);
    closeDatabase(db);
  });

  it("leaves an already-migrated database alone and keeps its data", () => {
    const file = fresh();
    const first = openDatabase({ file, log: memoryLogger().log });
    first.prepare("INSERT INTO audit_log (at, type) VALUES (1, 'test.kept')").run();
    closeDatabase(first);
    const { log, lines } = memoryLogger();
    const second = openDatabase({ file, log });
    expect(lines.some((l) => l.includes("applied database migration"))).toBe(false);
    expect(second.prepare("SELECT type FROM audit_log").get()).toEqual({ type: "test.kept" });
    closeDatabase(second);
  });

  it("applies only the migrations a database lacks", () => {
    const file = fresh();
    closeDatabase(openDatabase({ file, log: memoryLogger().log, migrations: MIGRATIONS.slice(0, 1) }));
    const extra = { version: 999, name: "extra", sql: "CREATE TABLE extra (id INTEGER PRIMARY KEY);" };
    const db = openDatabase({ file, log: memoryLogger().log, migrations: [...MIGRATIONS, extra] });
    expect(db.pragma("user_version", { simple: true })).toBe(999);
    closeDatabase(db);
  });

  it("rolls back a failing migration completely", () => {
    const file = fresh();
    const broken = [
      ...MIGRATIONS,
      { version: 500, name: "broken", sql: "CREATE TABLE half (id INTEGER); SELECT * FROM no_such_table;" },
    ];
    expect(() => openDatabase({ file, log: memoryLogger().log, migrations: broken })).toThrow(
      /no_such_table/,
    );
    const raw = new BetterSqlite3(file);
    expect(raw.pragma("user_version", { simple: true })).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    raw.close();
  });

  it("refuses a database written by a newer schema with a clear error, leaving it untouched", () => {
    const file = fresh();
    const raw = new BetterSqlite3(file);
    raw.pragma("user_version = 9999");
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase({ file, log: memoryLogger().log })).toThrow(DatabaseVersionError);
    expect(() => openDatabase({ file, log: memoryLogger().log })).toThrow(/newer HAsync/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("stays readable after the writing process is killed with SIGKILL mid-write", async () => {
    const file = fresh();
    closeDatabase(openDatabase({ file, log: memoryLogger().log }));
    const writer = `
      const Db = require("better-sqlite3");
      const db = new Db(process.argv[1]);
      db.pragma("journal_mode = WAL"); db.pragma("synchronous = NORMAL");
      const ins = db.prepare("INSERT INTO audit_log (at, type, detail) VALUES (?, 'kill.test', ?)");
      const many = db.transaction((n) => { for (let i = 0; i < n; i++) ins.run(Date.now(), "x".repeat(500)); });
      // One committed batch before "ready": on a loaded machine the child may get no CPU time in
      // the 300 ms below, and the count check needs at least one row.
      many(200);
      process.stdout.write("ready\\n");
      for (;;) many(200);
    `;
    const child = spawn(process.execPath, ["-e", writer, file], {
      cwd: path.dirname(fileURLToPath(import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const db = openDatabase({ file, log: memoryLogger().log });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const { n } = db.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number };
    expect(n).toBeGreaterThan(0);
    expect(n % 200).toBe(0);
    closeDatabase(db);
  });
});

describe("the WAL", () => {
  it("shrinks back to the size limit after one big transaction, at the next checkpoint", () => {
    const file = fresh();
    const db = openDatabase({ file, log: memoryLogger().log });
    const insert = db.prepare("INSERT INTO audit_log (at, type, detail) VALUES (1, 'big', ?)");
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run("x".repeat(2000));
    })();
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(WAL_SIZE_LIMIT_BYTES);
    // Later small writes: an automatic checkpoint lets the WAL start over, and SQLite truncates it.
    for (let i = 0; i < 2000; i++) insert.run("y");
    expect(fs.statSync(`${file}-wal`).size).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
    closeDatabase(db);
  });

  it("is emptied by the checkpointer, which never waits on another connection's reader", () => {
    const file = fresh();
    const db = openDatabase({ file, log: memoryLogger().log });
    db.pragma("wal_autocheckpoint = 0");
    const insert = db.prepare("INSERT INTO audit_log (at, type, detail) VALUES (1, 'w', ?)");
    for (let i = 0; i < 100; i++) insert.run("x".repeat(500));
    const checkpointer = new WalCheckpointer({ db, log: memoryLogger().log });
    // A backup snapshot reading from another connection holds the WAL.
    const reader = new BetterSqlite3(file, { readonly: true });
    reader.exec("BEGIN");
    reader.prepare("SELECT count(*) FROM audit_log").get();
    insert.run("after the reader's snapshot");
    expect(checkpointer.checkpoint()).toBe(false);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    reader.exec("COMMIT");
    reader.close();
    expect(checkpointer.checkpoint()).toBe(true);
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
    closeDatabase(db);
  });

  it("checkpoints by itself: no statement in the backend uses RETURNING", () => {
    // better-sqlite3 steps an `INSERT … RETURNING` once and resets it, and SQLite checkpoints
    // automatically only when a step returns SQLITE_DONE: such a write never checkpoints.
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return sources(full);
        return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [full] : [];
      });
    const withoutComments = (file: string) =>
      fs.readFileSync(file, "utf8").replace(/\/\/.*|\/\*[\s\S]*?\*\//g, "");
    const offenders = sources(src).filter((file) => /\bRETURNING\b/.test(withoutComments(file)));
    expect(offenders).toEqual([]);
  });
});
