import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { removeSnapshot, writeSnapshot } from "./db/backup.js";
import { Hasync } from "./hasync.js";
import { createLogger, type Logger } from "./log/logger.js";
import { parseSettings } from "./settings/settings.js";

/**
 * Entry point: settings → logger → the composed service → signals. No logic lives here. With a
 * command, it runs one of the add-on's backup hooks instead (db/backup.ts).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const SHUTDOWN_DEADLINE_MS = 5000;

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(here, "..", "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/**
 * The last resort for a promise that failed with no handler. Every root issue 11 found is fixed
 * where it arose; this only ever hears a bug. Node's default would exit, which turns that bug into a
 * switch anyone who can trigger it may flip to drop every device and every pairing in progress.
 * Exiting buys nothing here: an unhandled rejection is a promise nobody was waiting for, so no code
 * is left half-way through with it. So it is logged as an error and HAsync keeps serving. Only the
 * message and where it came from are logged (never the value itself, which may carry a request),
 * through the logger, which also redacts fields named like secrets. A synchronous uncaught
 * exception is different (it unwound through code that was mid-way), so Node's default stays:
 * exit, and the Supervisor restarts the add-on.
 */
function logUnhandled(log: Logger, reason: unknown): void {
  const error = reason instanceof Error ? reason : new Error(`a non-Error value (${typeof reason})`);
  const where = (error.stack ?? "")
    .split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .slice(0, 5)
    .map((line) => line.trim());
  log.error("a promise failed and nothing handled it (a bug in HAsync); still serving", {
    error: `${error.name}: ${error.message}`,
    where,
  });
}

async function main(): Promise<void> {
  const settings = parseSettings(process.env);
  // The settings hold the only copy from here on; child processes must not inherit it.
  delete process.env.HASYNC_ADMIN_PASSWORD;
  const log = createLogger({ level: settings.logLevel, format: settings.logFormat });
  process.on("unhandledRejection", (reason) => logUnhandled(log, reason));
  const version = readVersion();
  const hasync = await Hasync.create({
    settings,
    log,
    version,
    defaultFrontendDir: path.resolve(here, "..", "..", "frontend", "dist"),
  });
  const port = await hasync.start();
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
    hasync
      .stop()
      .then(() => {
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

/**
 * `backup-snapshot [data-dir]` and `backup-cleanup [data-dir]`: the add-on's `backup_pre` and
 * `backup_post` (db/backup.ts), run beside the server. Exit 0, or 1 with the reason.
 */
async function backupCommand(command: "backup-snapshot" | "backup-cleanup", dir?: string): Promise<void> {
  const dataDir = path.resolve(dir ?? parseSettings(process.env).dataDir);
  if (command === "backup-snapshot") {
    const { file, bytes } = await writeSnapshot(dataDir);
    process.stdout.write(
      `HAsync wrote a consistent database snapshot for the backup: ${file} (${bytes} bytes)\n`,
    );
  } else {
    const removed = removeSnapshot(dataDir);
    process.stdout.write(
      removed
        ? "HAsync removed the backup's database snapshot\n"
        : "HAsync had no backup snapshot to remove\n",
    );
  }
}

/** Says what went wrong in words, not a stack trace, and exits with `code`. */
const failWith = (code: number, prefix: string) => (error: unknown) => {
  process.stderr.write(`${prefix}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(code);
};

const [command, dataDirArg] = process.argv.slice(2);
if (command === undefined) {
  // Start-up problems (bad settings, a database from a newer version) are the user's to fix:
  // exit with EX_CONFIG.
  main().catch(failWith(78, "HAsync could not start"));
} else if (command === "backup-snapshot" || command === "backup-cleanup") {
  backupCommand(command, dataDirArg).catch(failWith(1, `HAsync ${command} failed`));
} else {
  process.stderr.write(
    `Unknown command "${command}". Usage: main.js [backup-snapshot | backup-cleanup] [data-dir]\n`,
  );
  process.exit(64);
}
