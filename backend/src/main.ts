import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "./app.js";
import { closeDatabase, openDatabase } from "./db/database.js";
import { HttpServer } from "./http/server.js";
import { createLogger } from "./log/logger.js";
import { parseSettings } from "./settings/settings.js";

/** Composition root: settings → logger → database → app → HTTP. No logic lives here. */
const here = path.dirname(fileURLToPath(import.meta.url));
const SHUTDOWN_DEADLINE_MS = 5000;

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(here, "..", "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

async function main(): Promise<void> {
  const settings = parseSettings(process.env);
  const log = createLogger({ level: settings.logLevel, format: settings.logFormat });
  const version = readVersion();
  const db = openDatabase({ file: path.join(settings.dataDir, "hasync.db"), log: log.child("db") });
  const startedAt = Date.now();
  const app = createApp({
    db,
    log,
    version,
    frontendDir: settings.frontendDir ?? path.resolve(here, "..", "..", "frontend", "dist"),
    now: Date.now,
    startedAt,
  });
  const server = new HttpServer(app, { host: settings.host, port: settings.port, log: log.child("http") });
  const port = await server.start();
  log.info("HAsync is listening", { version, url: `http://localhost:${port}`, data_dir: settings.dataDir });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    setTimeout(() => {
      log.error("shutdown took too long; exiting anyway");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    server
      .stop()
      .then(() => {
        closeDatabase(db);
        log.info("stopped cleanly");
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error("shutdown failed", { error });
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  // Start-up problems (bad settings, a database from a newer version) are the user's to fix:
  // say what is wrong in words and exit with EX_CONFIG rather than a stack trace.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`HAsync could not start: ${message}\n`);
  process.exit(78);
});
