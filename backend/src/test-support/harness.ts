import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type AppDeps, createApp } from "../app.js";
import type { Db } from "../db/database.js";
import { Hasync, type HasyncOptions } from "../hasync.js";
import { HttpServer } from "../http/server.js";
import { createLogger, type Logger } from "../log/logger.js";
import { parseSettings } from "../settings/settings.js";

/** A logger that keeps its lines, so tests can assert what was (and was not) logged. */
export function memoryLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger({ level: "debug", format: "plain", write: (l) => lines.push(l) }), lines };
}

export function tempDir(prefix = "hasync-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestServer {
  url: string;
  port: number;
  hasync: Hasync;
  db: Db;
  lines: string[];
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** HASYNC_* settings on top of the test defaults. */
  env?: Record<string, string>;
  frontendDir?: string;
  now?: () => number;
  /** HA link seams (short timings, demo seed). */
  ha?: HasyncOptions["ha"];
  /** Confirmation seams (a short deadline). */
  confirm?: HasyncOptions["confirm"];
}

/** The real composed service, real SQLite in a temp dir, listening on 127.0.0.1 port 0. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = tempDir();
  const { log, lines } = memoryLogger();
  const settings = parseSettings({
    HASYNC_PORT: "0",
    HASYNC_HOST: "127.0.0.1",
    HASYNC_DATA_DIR: dir,
    HASYNC_FRONTEND_DIR: options.frontendDir ?? path.join(dir, "no-frontend"),
    ...options.env,
  });
  const hasync = await Hasync.create({
    settings,
    log,
    version: "0.0.0-test",
    defaultFrontendDir: path.join(dir, "no-frontend"),
    ...(options.now ? { now: options.now } : {}),
    ...(options.ha ? { ha: options.ha } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
  });
  const port = await hasync.start();
  return {
    url: `${settings.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    hasync,
    db: hasync.db,
    lines,
    async close() {
      await hasync.stop(100);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A second app over a started HAsync's database, admin auth and audit, with the given routers
 * (`rootRouters`, `publicRouters`), on its own port: for tests that mount one capability with
 * seams (short limits, a room of their own) beside the composed service.
 */
export async function startSideApp(
  hasync: Hasync,
  routers: Pick<AppDeps, "rootRouters" | "publicRouters">,
  log: Logger = memoryLogger().log,
): Promise<{ url: string; http: HttpServer; port: number }> {
  const app = createApp({
    db: hasync.db,
    log,
    version: "0.0.0-test",
    frontendDir: "/nonexistent",
    now: Date.now,
    startedAt: Date.now(),
    ingressPeer: "127.0.0.1",
    auth: hasync.auth,
    audit: hasync.audit,
    ...routers,
  });
  const http = new HttpServer(app, { host: "127.0.0.1", port: 0, log: log.child("http") });
  const port = await http.start();
  return { url: `http://127.0.0.1:${port}`, http, port };
}
