import express, { type Express, type RequestHandler, type Router } from "express";
import helmet from "helmet";
import type { AuditLog } from "./audit/audit-log.js";
import type { AdminAuth } from "./auth/admin-auth.js";
import { csrfGuard, requireAdmin } from "./auth/guards.js";
import { ingressOf } from "./auth/ingress.js";
import { auditRouter, authRouter } from "./auth/routes.js";
import type { Db } from "./db/database.js";
import { apiNotFound, badRequest, errorMiddleware } from "./http/errors.js";
import { frontendRouter } from "./http/frontend.js";
import { healthRouter } from "./http/health.js";
import { MAX_JSON_DEPTH, nestedDeeperThan } from "./http/json-depth.js";
import type { Logger } from "./log/logger.js";

export interface AppDeps {
  db: Db;
  log: Logger;
  version: string;
  frontendDir: string;
  now: () => number;
  startedAt: number;
  ingressPeer: string;
  /** Home Assistant's configured URLs (`internal_url`, `external_url`): origins HAsync may be reached on. */
  haUrls?: () => readonly unknown[];
  auth: AdminAuth;
  audit: AuditLog;
  /** Extra checks for /health (e.g. home_assistant). */
  healthChecks?: () => Record<string, unknown>;
  /** Capability routers mounted under `/api/v1/admin` behind the admin guard. */
  adminRouters?: Router[];
  /** Public capability routers mounted under `/api/v1` (device pairing). */
  publicRouters?: Router[];
  /** Routers mounted at the root before the UI (the device gateway's HA-compatible `/api`). */
  rootRouters?: Router[];
  /**
   * HA's own interface on the LAN port (ha-frontend/serve.ts), ahead of HAsync's security headers:
   * HA's pages carry the headers HA gives them, and HAsync's strict CSP would stop their scripts.
   */
  haInterface?: RequestHandler;
}

/** Largest JSON body the API accepts; nothing it takes is bigger. */
export const JSON_BODY_LIMIT = "64kb";

/** Before any handler walks a body: nothing HAsync's own API takes nests deeper than a few levels. */
const rejectDeepBodies: RequestHandler = (req, _res, next) =>
  next(
    nestedDeeperThan(req.body, MAX_JSON_DEPTH)
      ? badRequest(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`)
      : undefined,
  );

/** The admin UI's policy, which every response gets unless it is a device page. */
const ADMIN_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  // Home Assistant shows add-on panels in a same-origin iframe (ingress).
  frameAncestors: ["'self'"],
};

function securityHeaders() {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: ADMIN_CSP },
    // Plain HTTP on the LAN is normal for Home Assistant; HSTS there would lock users out.
    strictTransportSecurity: false,
    xFrameOptions: { action: "sameorigin" },
  });
}

/**
 * The device app's pages (`/`, `/invite` on the LAN port): never framed (a screen is never an HA
 * panel, and framing would let another page overlay its controls), a service worker and a
 * manifest from its own origin, and pictures drawn into blobs (camera snapshots). `connect-src`
 * names the page's own WebSocket origin too: CSP Level 3 lets `'self'` match the page's own
 * `ws:`/`wss:` origin, but engines that follow CSP Level 2 there (older Safari, which the wall
 * tablets this app targets run) do not, and the device app talks to HA's API over that socket.
 */
const devicePageHeaders: RequestHandler[] = [
  helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      ...ADMIN_CSP,
      imgSrc: ["'self'", "data:", "blob:"],
      connectSrc: ["'self'", (req) => webSocketOrigin(req as express.Request)],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      frameAncestors: ["'none'"],
    },
  }),
  helmet.xFrameOptions({ action: "deny" }),
];

/** `ws(s)://<host>` of the request, or `'self'` again when the Host is not a plain host name. */
function webSocketOrigin(req: express.Request): string {
  const host = req.get("host") ?? "";
  const plain = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host);
  return plain ? `${req.secure ? "wss" : "ws"}://${host}` : "'self'";
}

/**
 * On the LAN port the admin UI's document base is `/admin/` and its URLs are relative to it (so the
 * same build works under ingress): its API reads and health check arrive as `/admin/api/v1/...` and
 * `/admin/health`, and are the same endpoints as `/api/v1/...` and `/health`. Only HAsync's own API:
 * Home Assistant's API for devices keeps one address (`/admin/api/states` is not one).
 */
function adminBaseAlias(req: express.Request, _res: express.Response, next: express.NextFunction): void {
  if (/^\/admin\/(?:api\/v1\/|health(?:$|\?))/.test(req.url)) req.url = req.url.slice("/admin".length);
  next();
}

/**
 * Builds the Express app without listening, so tests drive it over real HTTP on port 0.
 * Capabilities contribute routers; errors from all of them are mapped in one place.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.set("query parser", "simple");
  if (deps.haInterface) app.use(deps.haInterface);
  app.use(securityHeaders());
  app.use(adminBaseAlias);

  app.use(
    healthRouter({
      db: deps.db,
      version: deps.version,
      startedAt: deps.startedAt,
      now: deps.now,
      ...(deps.healthChecks ? { extraChecks: deps.healthChecks } : {}),
    }),
  );
  // Root routers (HA's own API for devices) read their bodies themselves, in HA's words.
  for (const router of deps.rootRouters ?? []) app.use(router);

  const v1 = express.Router();
  v1.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }), rejectDeepBodies);
  for (const router of deps.publicRouters ?? []) v1.use(router);
  v1.use("/auth", csrfGuard(deps.ingressPeer, deps.haUrls), authRouter(deps.auth, deps.ingressPeer));
  const admin = express.Router();
  admin.use(csrfGuard(deps.ingressPeer, deps.haUrls), requireAdmin(deps.auth));
  admin.use(auditRouter(deps.audit));
  for (const router of deps.adminRouters ?? []) admin.use(router);
  v1.use("/admin", admin);
  app.use("/api/v1", v1);
  app.use("/api", apiNotFound);

  app.use(
    frontendRouter({
      dir: deps.frontendDir,
      log: deps.log.child("http"),
      ingressPathOf: (req) => ingressOf(req, deps.ingressPeer)?.path ?? null,
      devicePageHeaders,
    }),
  );
  app.use(errorMiddleware(deps.log.child("http")));
  return app;
}
