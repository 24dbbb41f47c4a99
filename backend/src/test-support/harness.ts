import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApp } from "../app.js";
import { closeDatabase, type Db, openDatabase } from "../db/database.js";
import { HttpServer } from "../http/server.js";
import { createLogger, type Logger } from "../log/logger.js";

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
  db: Db;
  lines: string[];
  close(): Promise<void>;
}

/** The real app, real SQLite in a temp dir, listening on 127.0.0.1 port 0. */
export async function startTestServer(options: { frontendDir?: string } = {}): Promise<TestServer> {
  const dir = tempDir();
  const { log, lines } = memoryLogger();
  const db = openDatabase({ file: path.join(dir, "hasync.db"), log });
  const app = createApp({
    db,
    log,
    version: "0.0.0-test",
    frontendDir: options.frontendDir ?? path.join(dir, "no-frontend"),
    now: Date.now,
    startedAt: Date.now(),
  });
  const server = new HttpServer(app, { host: "127.0.0.1", port: 0, log });
  const port = await server.start();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    lines,
    async close() {
      await server.stop(100);
      closeDatabase(db);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
