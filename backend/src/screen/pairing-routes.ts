import { type Request, type Response, Router } from "express";
import {
  type ScreenAuthorizeGrant,
  type ScreenAuthorizeInfo,
  ScreenAuthorizeSchema,
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
  // The page reads it once on load; a look-up of the client's page may be behind it.
  const authorizeLimit = new RateLimiter(limits.pairingsPerMinute * 2, 60_000, now);

  // `/auth/authorize` (HAsync's pairing screen for HA's login flow): is this client one HA would sign in?
  router.get("/authorize", async (req, res) => {
    const wait = authorizeLimit.take(clientIp(req));
    if (wait > 0) throw tooManyAttempts(wait);
    const input = parseInput(ScreenAuthorizeSchema, req.query, "query");
    const body: ScreenAuthorizeInfo = await loginOf(deps).authorizeInfo(input, [req.hostname]);
    res.json(body);
  });

  router.post("/pairing", async (req, res) => {
    const ip = clientIp(req);
    const wait = requestLimit.take(ip);
    if (wait > 0) throw tooManyAttempts(wait);
    res.status(201).json(await start(deps, req, res, ip));
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
    const forClient = deps.pairing.authorizeOf(code) !== null;
    res.json(forClient ? collectCode(deps, req, res, code) : collect(deps, req, res, code));
  });
  return router;
}

const grantAsNoSession = () =>
  new HttpError(401, "no_session", "This screen is not pairing any more. Start over.");

const loginOf = (deps: ScreenRoutesDeps) => {
  if (!deps.login) throw new HttpError(404, "not_found", "Home Assistant's login flow is not served here.");
  return deps.login;
};

/** A new pairing request, its device code into the cookie, and what the page shows. */
async function start(
  deps: ScreenRoutesDeps,
  req: Request,
  res: Response,
  ip: string,
): Promise<ScreenPairing> {
  const input = parseInput(ScreenPairingRequestSchema, req.body);
  // Checked again here, not trusted from the page: the approval will end in a code for this client.
  if (input.authorize) await loginOf(deps).authorizeInfo(input.authorize, [req.hostname]);
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

/**
 * For a pairing started at `/auth/authorize`: the code the page hands to the client's redirect_uri
 * (as HA's `ha-authorize` does), and no cookie: the client's own tokens are its session.
 */
function collectCode(
  deps: ScreenRoutesDeps,
  req: Request,
  res: Response,
  code: string,
): ScreenAuthorizeGrant {
  let grant: ReturnType<ScreenRoutesDeps["pairing"]["collectAuthorized"]>;
  try {
    grant = deps.pairing.collectAuthorized(code);
  } catch (error) {
    if (!(error instanceof TokenGrantError)) throw error;
    if (error.code !== "authorization_pending") clearScreenPairingCookie(req, res);
    throw grantError(error.code);
  }
  clearScreenPairingCookie(req, res);
  return { code: loginOf(deps).issueCode(grant, clientIp(req)) };
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
