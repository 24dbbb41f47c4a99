import { type ErrorRequestHandler, Router } from "express";
import type { ScreenAddress, ScreenTicket } from "hasync";
import type { AuditLog } from "../audit/audit-log.js";
import { tooManyAttempts } from "../auth/admin-auth.js";
import { csrfGuard } from "../auth/guards.js";
import { clientIp } from "../auth/ingress.js";
import { RateLimiter } from "../auth/rate-limit.js";
import type { DevicesService } from "../devices/service.js";
import type { ScreenLogin } from "../ha-login/service.js";
import { HttpError } from "../http/errors.js";
import type { PairingService } from "../pairing/service.js";
import { type ScreenAddressDeps, screenAddress } from "./address.js";
import type { ApproveUrlDeps } from "./approve-url.js";
import { clearScreenCookie, clearScreenPairingCookie, readScreenCookie, setScreenCookie } from "./cookies.js";
import type { ScreenPairingStreams } from "./pairing-events.js";
import { screenPairingRouter } from "./pairing-routes.js";
import { passClosed, screenOf, sessionView } from "./session.js";
import type { ScreenTickets } from "./tickets.js";

/** Per client address, per minute: generous for a page that reloads, reconnects or starts over. */
export interface ScreenRouteLimits {
  pairingsPerMinute: number;
  collectsPerMinute: number;
  ticketsPerMinute: number;
}

export const SCREEN_ROUTE_LIMITS: ScreenRouteLimits = {
  pairingsPerMinute: 12,
  collectsPerMinute: 60,
  ticketsPerMinute: 60,
};

export interface ScreenRoutesDeps {
  pairing: PairingService;
  devices: Pick<DevicesService, "bearer" | "passOf" | "device" | "revoke" | "entitiesOf" | "accessOf">;
  tickets: ScreenTickets;
  streams: ScreenPairingStreams;
  audit: AuditLog;
  now: () => number;
  address: ScreenAddressDeps;
  approve: ApproveUrlDeps;
  /** For the cross-site check of every write (auth/guards.ts `csrfGuard`). */
  ingressPeer: string;
  haUrls: () => readonly unknown[];
  limits: ScreenRouteLimits;
  /** HA's login flow (ha-login): the authorize check and the code a pairing from `/auth/authorize` ends in. */
  login?: ScreenLogin;
}

/**
 * `/api/v1/screen/*`, the browser's own endpoints (DOCS "How a screen keeps its session"). Every
 * write passes the cross-site check; nothing answers with the device token, which only ever
 * travels in the HttpOnly cookie.
 */
export function screenRouter(deps: ScreenRoutesDeps): Router {
  const router = Router();
  const screen = Router();
  screen.use(csrfGuard(deps.ingressPeer, deps.haUrls), (_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  screen.use(screenPairingRouter(deps));
  screen.use(sessionRouter(deps));
  screen.use(forgetDeadCookies);
  router.use("/screen", screen);
  return router;
}

function sessionRouter(deps: ScreenRoutesDeps): Router {
  const router = Router();
  const { devices, tickets, now } = deps;
  const ticketLimit = new RateLimiter(deps.limits.ticketsPerMinute, 60_000, now);

  router.get("/session", (req, res) => {
    const current = screenOf(req, devices);
    // Re-set on every read, so a screen in daily use keeps its session past the 400-day cap.
    setScreenCookie(req, res, current.token, current.device.expiresAt, now());
    res.json(sessionView(current, now(), devices));
  });

  router.post("/ticket", (req, res) => {
    const wait = ticketLimit.take(clientIp(req));
    if (wait > 0) throw tooManyAttempts(wait);
    const current = screenOf(req, devices);
    if (current.pass.state === "closed") throw passClosed(current.pass);
    const body: ScreenTicket = tickets.issue(current.device.id);
    res.json(body);
  });

  router.post("/signout", (req, res) => {
    const token = readScreenCookie(req);
    const found = token === undefined ? null : devices.bearer(token);
    if (found !== null && devices.revoke(found.device.id)) {
      const { id, name } = found.device;
      deps.audit.record("device.revoked", {
        actor: id,
        ip: clientIp(req),
        detail: { device_id: id, name, by: "the screen itself" },
      });
    }
    clearScreenCookie(req, res);
    res.status(204).end();
  });
  return router;
}

/** A cookie that names no session any more is cleared with the 401, so the browser stops sending it. */
const forgetDeadCookies: ErrorRequestHandler = (error, req, res, next) => {
  if (error instanceof HttpError && error.code === "no_session") {
    if (req.path.startsWith("/pairing")) clearScreenPairingCookie(req, res);
    else clearScreenCookie(req, res);
  }
  next(error);
};

/** `GET /api/v1/admin/screen-address` (behind the admin guard): the address to hand out to screens. */
export function adminScreenRouter(address: ScreenAddressDeps): Router {
  const router = Router();
  router.get("/screen-address", (req, res) => {
    const body: ScreenAddress = { url: screenAddress(req, address) };
    res.json(body);
  });
  return router;
}
