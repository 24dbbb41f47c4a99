import { type Request, type Response, Router } from "express";
import {
  type ScreenPairing,
  ScreenPairingRequestSchema,
  type ScreenSession,
  type TokenErrorCode,
} from "hasync";
import { tooManyAttempts } from "../auth/admin-auth.js";
import { clientIp } from "../auth/ingress.js";
import { RateLimiter } from "../auth/rate-limit.js";
import { HttpError } from "../http/errors.js";
import { parseInput } from "../http/validate.js";
import { TokenGrantError } from "../pairing/service.js";
import { requestOrigin, screenAddress } from "./address.js";
import { approveUrl } from "./approve-url.js";
import {
  clearScreenPairingCookie,
  readScreenPairingCookie,
  setScreenCookie,
  setScreenPairingCookie,
} from "./cookies.js";
import type { ScreenRoutesDeps } from "./routes.js";
import { sessionView } from "./session.js";

/** RFC 8628's answers to a poll, as the screen API states them (409/403/410/401). */
const GRANT_ERRORS: Record<TokenErrorCode, { status: number; message: string }> = {
  authorization_pending: { status: 409, message: "Waiting for an admin to approve this screen." },
  slow_down: { status: 429, message: "Asking too often. Wait a moment." },
  access_denied: { status: 403, message: "An admin said no to this screen." },
  expired_token: { status: 410, message: "The code ran out before an admin approved it. Start over." },
  invalid_grant: { status: 401, message: "This screen is not pairing any more. Start over." },
};

const grantError = (code: TokenErrorCode) =>
  new HttpError(GRANT_ERRORS[code].status, code, GRANT_ERRORS[code].message);

/**
 * `/screen/pairing`: a browser pairs itself by RFC 8628's device flow with the device code kept
 * in an HttpOnly cookie, hears the admin's decision live (`/events`) and collects its session.
 */
export function screenPairingRouter(deps: ScreenRoutesDeps): Router {
  const router = Router();
  const { pairing, now, limits } = deps;
  const requestLimit = new RateLimiter(limits.pairingsPerMinute, 60_000, now);
  const collectLimit = new RateLimiter(limits.collectsPerMinute, 60_000, now);

  router.post("/pairing", (req, res) => {
    const ip = clientIp(req);
    const wait = requestLimit.take(ip);
    if (wait > 0) throw tooManyAttempts(wait);
    res.status(201).json(start(deps, req, res, ip));
  });

  router.delete("/pairing", (req, res) => {
    const code = readScreenPairingCookie(req);
    if (code !== undefined) pairing.cancel(code, clientIp(req));
    clearScreenPairingCookie(req, res);
    res.status(204).end();
  });

  router.get("/pairing/events", (req, res) => {
    const code = readScreenPairingCookie(req);
    if (code === undefined) throw grantAsNoSession();
    deps.streams.open(res, code, clientIp(req));
  });

  router.post("/pairing/collect", (req, res) => {
    const wait = collectLimit.take(clientIp(req));
    if (wait > 0) throw tooManyAttempts(wait);
    const code = readScreenPairingCookie(req);
    if (code === undefined) throw grantError("invalid_grant");
    res.json(collect(deps, req, res, code));
  });
  return router;
}

const grantAsNoSession = () =>
  new HttpError(401, "no_session", "This screen is not pairing any more. Start over.");

/** A new pairing request, its device code into the cookie, and what the page shows. */
function start(deps: ScreenRoutesDeps, req: Request, res: Response, ip: string): ScreenPairing {
  const input = parseInput(ScreenPairingRequestSchema, req.body);
  // Starting over from a page that was pairing: its old request must not keep a place in the room.
  const previous = readScreenPairingCookie(req);
  if (previous !== undefined) deps.pairing.cancel(previous, ip);
  const codes = deps.pairing.requestCodes(input, ip, requestOrigin(req));
  setScreenPairingCookie(req, res, codes.device_code);
  return {
    user_code: codes.user_code,
    name: input.name,
    expires_at: new Date(deps.now() + codes.expires_in * 1000).toISOString(),
    approve_url: approveUrl(deps.approve, screenAddress(req, deps.address), codes.user_code),
  };
}

/** Collects the token at once (the page heard "approved"), straight into the session cookie. */
function collect(deps: ScreenRoutesDeps, req: Request, res: Response, code: string): ScreenSession {
  let deviceId: string;
  let token: string;
  try {
    ({ device_id: deviceId, access_token: token } = deps.pairing.collectToken(code, false));
  } catch (error) {
    if (!(error instanceof TokenGrantError)) throw error;
    // Only "pending" leaves the request to collect later; every other answer is final.
    if (error.code !== "authorization_pending") clearScreenPairingCookie(req, res);
    throw grantError(error.code);
  }
  const device = deps.devices.device(deviceId);
  const pass = deps.devices.passOf(deviceId);
  if (device === null || pass === null) throw grantError("invalid_grant");
  clearScreenPairingCookie(req, res);
  setScreenCookie(req, res, token, device.expiresAt, deps.now());
  return sessionView({ token, device, pass }, deps.now(), deps.devices);
}
