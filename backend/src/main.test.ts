import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "./test-support/harness.js";

/** These tests run the built entry point exactly as `npm start` and the add-on do. */
const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH,
      HASYNC_PORT: "0",
      HASYNC_HOST: "127.0.0.1",
      HASYNC_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", () => {
      const match = /url=(http:\/\/localhost:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1].replace("localhost", "127.0.0.1"));
    });
    void exited.then(() => reject(new Error(`exited before listening:\n${output}`)));
  });
  // Tests of failed starts never await the URL; a rejection there is expected, not a failure.
  url.catch(() => undefined);
  return { child, url, exited, output: () => output, dataDir };
}

describe("the start command (node backend/dist/main.js)", () => {
  it("serves /health and stops cleanly on SIGTERM, checkpointing the database", async () => {
    const app = start({});
    const base = await app.url;
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { checks: { database: string } }).checks.database).toBe("ok");
    const t0 = Date.now();
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(app.output()).toContain("stopped cleanly");
    const wal = path.join(app.dataDir, "hasync.db-wal");
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
  });

  it("stops on SIGTERM while a client holds a keep-alive connection open", async () => {
    const app = start({});
    const base = await app.url;
    const { Agent, request } = await import("node:http");
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      request(`${base}/health`, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve());
      })
        .on("error", reject)
        .end();
    });
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    agent.destroy();
  });

  it("logs a promise that failed with no handler as an error and keeps serving (issue 11)", async () => {
    // A stand-in for a bug: a module loaded first that rejects a promise nobody handles, on a signal.
    // `--require` of a .cjs file: Node 18.16 (the add-on's runtime) refuses `--import` in NODE_OPTIONS.
    const probe = path.join(tempDir(), "probe.cjs");
    fs.writeFileSync(probe, "process.on('SIGUSR2',()=>{Promise.reject(new Error('probe-rejection'))})");
    const app = start({ NODE_OPTIONS: `--require=${probe}` });
    const base = await app.url;
    const logged = new Promise<void>((resolve) =>
      app.child.stdout?.on("data", () => {
        if (app.output().includes("probe-rejection")) resolve();
      }),
    );
    app.child.kill("SIGUSR2");
    await logged;
    expect(app.output()).toMatch(/ERROR hasync: a promise failed and nothing handled it.*probe-rejection/);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
  });

  it("runs the add-on's backup hooks beside the running server", async () => {
    const app = start({});
    await app.url;
    const run = (...args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [entry, ...args], { env: { PATH: process.env.PATH } });
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
        });
        child.stderr.on("data", (d: Buffer) => {
          out += d.toString();
        });
        child.once("exit", (code) => resolve({ code, out }));
      });
    const snapshot = path.join(app.dataDir, "hasync.snapshot.db");

    const pre = await run("backup-snapshot", app.dataDir);
    expect(pre).toMatchObject({ code: 0 });
    expect(pre.out).toContain(`wrote a consistent database snapshot for the backup: ${snapshot}`);
    const copy = new BetterSqlite3(snapshot, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    copy.close();
    expect(await run("backup-cleanup", app.dataDir)).toMatchObject({ code: 0 });
    expect(fs.existsSync(snapshot)).toBe(false);

    const missing = await run("backup-snapshot", path.join(app.dataDir, "nowhere"));
    expect(missing.code).toBe(1);
    expect(missing.out).toContain("There is no database at");
    expect(missing.out).not.toMatch(/\n\s+at /);
    const unknown = await run("restore-everything");
    expect(unknown.code).toBe(64);
    expect(unknown.out).toContain("Usage: main.js");

    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
  });

  it("refuses bad settings with every problem listed and exit code 78", async () => {
    const app = start({ HASYNC_PORT: "x", HASYNC_LOG_LEVEL: "chatty" });
    expect(await app.exited).toBe(78);
    expect(app.output()).toMatch(/HASYNC_PORT[\s\S]*HASYNC_LOG_LEVEL|HASYNC_LOG_LEVEL[\s\S]*HASYNC_PORT/);
    expect(app.output()).not.toMatch(/\n\s+at /);
  });

  it("refuses a database from a newer HAsync with a clear message", async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const raw = new BetterSqlite3(path.join(dataDir, "hasync.db"));
    raw.pragma("user_version = 4242");
    raw.close();
    const app = start({ HASYNC_DATA_DIR: dataDir });
    expect(await app.exited).toBe(78);
    expect(app.output()).toContain("schema version 4242");
  });
});
