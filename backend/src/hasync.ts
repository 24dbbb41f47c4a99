import path from "node:path";
import { createApp } from "./app.js";
import { AuditLog } from "./audit/audit-log.js";
import { AdminAuth } from "./auth/admin-auth.js";
import type { ConfirmationService } from "./confirm/service.js";
import { confirmations } from "./confirm/wiring.js";
import { DATABASE_FILE, settleSnapshot } from "./db/backup.js";
import { WalCheckpointer } from "./db/checkpointer.js";
import { closeDatabase, type Db, openDatabase } from "./db/database.js";
import { deviceAdminRouter } from "./devices/routes.js";
import { DevicesService } from "./devices/service.js";
import { DeviceStore } from "./devices/store.js";
import { AdminEvents } from "./events/admin-events.js";
import { DeviceGateway, serviceCallRate } from "./gateway/index.js";
import { createHaLink, type HaLink, type HaLinkOptions, haAdminRouter, haHealthCheck } from "./ha/index.js";
import { haInterface } from "./ha-frontend/index.js";
import { AccessTokens, HaLogin, haLoginRouter, linkLookup } from "./ha-login/index.js";
import { HttpServer } from "./http/server.js";
import { inviteRouters } from "./invites/wiring.js";
import type { Logger } from "./log/logger.js";
import { McpEndpoint } from "./mcp/endpoint.js";
import { MobileApp } from "./mobile-app/index.js";
import { adminPairingRouter, publicPairingRouter } from "./pairing/routes.js";
import { PairingService } from "./pairing/service.js";
import { ScreenSide } from "./screen/wiring.js";
import type { Settings } from "./settings/settings.js";
import { UserDataService } from "./user-data/service.js";
import { UserDataStore } from "./user-data/store.js";

export interface HasyncOptions {
  settings: Settings;
  log: Logger;
  version: string;
  /** Where the built admin UI is when settings do not say. */
  defaultFrontendDir: string;
  now?: () => number;
  /** Test seams for the HA link (timings, demo seed). */
  ha?: Pick<HaLinkOptions, "timings" | "demo">;
  /** Test seam: how long a call waiting for the admin's confirmation waits. */
  confirm?: { deadlineMs?: number };
}

const MINUTE_MS = 60_000;
/** The audit log keeps this many newest security entries (noise types have their own, smaller cap). */
const AUDIT_KEEP = 100_000;
/** How long `start()` waits for the embedded demo home to sync, so the first page shows it. */
const DEMO_SYNC_WAIT_MS = 5000;

/**
 * The composed service: database, capabilities, HTTP. `create()` builds everything without
 * opening sockets or timers; `start()` and `stop()` own them. main.ts and the tests both use it.
 */
export class Hasync {
  private purgeTimer: NodeJS.Timeout | undefined;
  private readonly checkpointer: WalCheckpointer;
  /** The bound ingress port once started (null without an ingress listener). */
  ingressPort: number | null = null;

  private constructor(
    readonly db: Db,
    readonly auth: AdminAuth,
    readonly audit: AuditLog,
    readonly ha: HaLink,
    readonly devices: DevicesService,
    readonly pairing: PairingService,
    readonly gateway: DeviceGateway,
    private readonly events: AdminEvents,
    private readonly server: HttpServer,
    private readonly ingressServer: HttpServer | null,
    private readonly log: Logger,
    private readonly demo: boolean,
    private readonly screen: ScreenSide,
    /** Calls waiting for the admin's confirmation (guard rails). */
    readonly confirmations: ConfirmationService,
    readonly mcp: McpEndpoint,
    /** HA's login flow (`/auth/token`...): codes, access tokens. */
    readonly login: HaLogin,
  ) {
    this.checkpointer = new WalCheckpointer({ db, log: log.child("db") });
  }

  static async create(options: HasyncOptions): Promise<Hasync> {
    const { settings, log, version, now = Date.now } = options;
    settleSnapshot(settings.dataDir, log.child("db"));
    const db = openDatabase({ file: path.join(settings.dataDir, DATABASE_FILE), log: log.child("db") });
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
        context: settings.ha.mode === "supervisor" ? "addon" : "standalone",
      });
      const ha = createHaLink({ target: settings.ha, log: log.child("ha"), now, ...options.ha });
      const screen = new ScreenSide({ settings, ha, now, lanPort: () => server.port });
      const accessTokens = new AccessTokens({ db, now, ttlS: settings.accessTokenTtlS });
      const devices = new DevicesService({
        tickets: screen.tickets,
        accessTokens,
        store: new DeviceStore(db),
        mirror: ha,
        audit,
        log: log.child("devices"),
        now,
        userData: new UserDataService(new UserDataStore(db), log.child("user-data")),
      });
      const pairing = new PairingService({ db, devices, audit, log: log.child("pairing"), now });
      const loginLog = log.child("ha-login");
      const login = new HaLogin({
        db,
        devices,
        accessTokens,
        audit,
        log: loginLog,
        now,
        lookup: linkLookup({ log: loginLog }),
      });
      const haPages = haInterface({ db, settings, ha, audit, log: log.child("ha-frontend") });
      const invites = inviteRouters({
        db,
        devices,
        mirror: ha,
        audit,
        log: log.child("invites"),
        now,
        address: screen.address,
        ingressPeer: settings.ingressPeer,
      });
      const confirm = confirmations({
        db,
        settings,
        devices,
        ha,
        audit,
        log: log.child("confirm"),
        now,
        lanPort: () => server.port,
        ...options.confirm,
      });
      const events = new AdminEvents({ pairing, devices, audit, mirror: ha, confirmations: confirm.service });
      const gateway = new DeviceGateway({
        mirror: ha,
        ha,
        access: devices,
        log: log.child("gateway"),
        maxConnections: settings.maxDeviceConnections,
        serviceCallRate: (deviceId) => serviceCallRate(devices.rateOf(deviceId)),
        confirmer: confirm.service,
        now,
      });
      // AI agents' own door (MCP), on the LAN listener only, through the gateway's one call path.
      const mcp = new McpEndpoint({
        devices,
        mirror: ha,
        ha,
        gateway,
        audit,
        log: log.child("mcp"),
        now,
        version,
        lanPort: () => server.port,
      });
      // HA's apps' mobile_app, HAsync's own and scoped, through the gateway's one call path.
      const mobileApp = new MobileApp({
        db,
        devices,
        mirror: ha,
        calls: gateway,
        log: log.child("mobile-app"),
        now,
      });
      const app = createApp({
        db,
        log,
        version,
        frontendDir: settings.frontendDir ?? options.defaultFrontendDir,
        now,
        startedAt: now(),
        ingressPeer: settings.ingressPeer,
        haUrls: () => [ha.config()?.internal_url, ha.config()?.external_url],
        auth,
        audit,
        healthChecks: haHealthCheck(ha),
        rootRouters: [mobileApp.router(), gateway.restRouter(), mcp.router(), haLoginRouter(login)],
        haInterface: haPages.handler,
        publicRouters: [
          publicPairingRouter(pairing, now),
          screen.router({ pairing, devices, audit, login }),
          invites.accept,
        ],
        adminRouters: [
          haAdminRouter({ mirror: ha }),
          adminPairingRouter(pairing, devices),
          deviceAdminRouter({ devices, mirror: ha, audit, now }),
          events.router(),
          screen.adminRouter(),
          invites.admin,
          confirm.admin,
          haPages.admin,
        ],
      });
      const server = new HttpServer(app, {
        host: settings.host,
        port: settings.port,
        log: log.child("http"),
        tls: settings.tls,
      });
      // Devices use Home Assistant's own WebSocket path, so HA client libraries work unchanged.
      server.onUpgrade("/api/websocket", gateway.upgradeHandler);
      return new Hasync(
        db,
        auth,
        audit,
        ha,
        devices,
        pairing,
        gateway,
        events,
        server,
        settings.ingressPort === undefined
          ? null
          : new HttpServer(app, {
              host: settings.host,
              port: settings.ingressPort,
              log: log.child("ingress"),
            }),
        log,
        settings.ha.mode === "demo",
        screen,
        confirm.service,
        mcp,
        login,
      );
    } catch (error) {
      closeDatabase(db);
      throw error;
    }
  }

  /** Connects to Home Assistant (or starts the demo home), then listens; resolves with the port. */
  async start(): Promise<number> {
    await this.ha.start();
    if (this.demo) await this.ha.waitUntilSynced(DEMO_SYNC_WAIT_MS);
    this.checkpointer.start();
    this.audit.start();
    this.devices.start();
    this.login.start();
    this.gateway.start();
    this.confirmations.start();
    this.mcp.start();
    const port = await this.server.start();
    if (this.ingressServer) {
      this.ingressPort = await this.ingressServer.start();
      this.log.info("ingress listener (plain HTTP, for Home Assistant's sidebar)", {
        port: this.ingressPort,
      });
    }
    this.purgeTimer = setInterval(() => {
      this.auth.sessions.purgeExpired();
      this.pairing.purgeExpired();
      this.audit.prune(AUDIT_KEEP);
    }, MINUTE_MS);
    this.purgeTimer.unref();
    return port;
  }

  async stop(graceMs?: number): Promise<void> {
    clearInterval(this.purgeTimer);
    // Stop accepting first: an admin page whose stream ends below must not reconnect (and be
    // told to refetch) into a server that is going away.
    const drained = Promise.all([this.server.stop(graceMs), this.ingressServer?.stop(graceMs)]);
    this.events.closeAll();
    this.screen.closeAll();
    this.mcp.stop();
    // Upgraded sockets are outside the HTTP server's connection tracking: close them here.
    await this.gateway.stop();
    await drained;
    await this.confirmations.stop();
    this.login.stop();
    this.devices.stop();
    await this.ha.stop();
    this.audit.stop();
    this.checkpointer.stop();
    closeDatabase(this.db);
    this.log.debug("stopped");
  }
}
