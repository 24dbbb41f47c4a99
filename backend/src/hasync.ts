import path from "node:path";
import { createApp } from "./app.js";
import { AuditLog } from "./audit/audit-log.js";
import { AdminAuth } from "./auth/admin-auth.js";
import { closeDatabase, type Db, openDatabase } from "./db/database.js";
import { HttpServer } from "./http/server.js";
import type { Logger } from "./log/logger.js";
import type { Settings } from "./settings/settings.js";

export interface HasyncOptions {
  settings: Settings;
  log: Logger;
  version: string;
  /** Where the built admin UI is when settings do not say. */
  defaultFrontendDir: string;
  now?: () => number;
}

const HOUR_MS = 3_600_000;

/**
 * The composed service: database, capabilities, HTTP. `create()` builds everything without
 * opening sockets or timers; `start()` and `stop()` own them. main.ts and the tests both use it.
 */
export class Hasync {
  private purgeTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly db: Db,
    readonly auth: AdminAuth,
    readonly audit: AuditLog,
    private readonly server: HttpServer,
    private readonly log: Logger,
  ) {}

  static async create({
    settings,
    log,
    version,
    defaultFrontendDir,
    now = Date.now,
  }: HasyncOptions): Promise<Hasync> {
    const db = openDatabase({ file: path.join(settings.dataDir, "hasync.db"), log: log.child("db") });
    try {
      const audit = new AuditLog(db, now);
      const auth = await AdminAuth.create({
        db,
        audit,
        log: log.child("auth"),
        now,
        username: settings.adminUsername,
        password: settings.takeAdminPassword(),
        ingressPeer: settings.ingressPeer,
      });
      const app = createApp({
        db,
        log,
        version,
        frontendDir: settings.frontendDir ?? defaultFrontendDir,
        now,
        startedAt: now(),
        ingressPeer: settings.ingressPeer,
        auth,
        audit,
      });
      const server = new HttpServer(app, {
        host: settings.host,
        port: settings.port,
        log: log.child("http"),
        tls: settings.tls,
      });
      return new Hasync(db, auth, audit, server, log);
    } catch (error) {
      closeDatabase(db);
      throw error;
    }
  }

  /** Listens; resolves with the bound port. */
  async start(): Promise<number> {
    const port = await this.server.start();
    this.purgeTimer = setInterval(() => this.auth.sessions.purgeExpired(), HOUR_MS);
    this.purgeTimer.unref();
    return port;
  }

  async stop(graceMs?: number): Promise<void> {
    clearInterval(this.purgeTimer);
    await this.server.stop(graceMs);
    closeDatabase(this.db);
    this.log.debug("stopped");
  }
}
