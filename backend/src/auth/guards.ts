import type { RequestHandler } from "express";
import type { AdminUser } from "hasync";
import { HttpError } from "../http/errors.js";
import type { AdminAuth } from "./admin-auth.js";
import { ingressOf } from "./ingress.js";
import { configuredHosts, hostnameOf, isHomeHost, originOf } from "./origins.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated routes refuse cross-site writes: bodies must be JSON (which a cross-site
 * form cannot send without a CORS preflight that this server never grants), and the request's
 * Origin (or Referer) must be an origin HAsync is really served on (see origins.ts: the Host header
 * alone is the attacker's under DNS rebinding).
 *
 * Behind ingress the browser talks to Home Assistant's origin. HA's ingress proxy reports the host
 * the browser used as X-Forwarded-Host (core `components/hassio/ingress.py` `_init_header`), and
 * the Supervisor passes it on; when it is missing, the Origin must still be a home host.
 * `haUrls` are Home Assistant's configured `internal_url`/`external_url`.
 */
export function csrfGuard(ingressPeer: string, haUrls: () => readonly unknown[] = () => []): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    if (req.method !== "DELETE" && !req.is("application/json")) {
      throw new HttpError(415, "unsupported_media_type", "Send the request body as application/json.");
    }
    const claimed = originOf(req.get("origin")) ?? originOf(req.get("referer"));
    const configured = configuredHosts(haUrls());
    if (ingressOf(req, ingressPeer)) {
      if (claimed === null || sameIngressOrigin(claimed, req.get("x-forwarded-host"), configured)) {
        next();
        return;
      }
    } else if (claimed !== null && isServedOrigin(claimed, req.protocol, req.get("host"), configured)) {
      next();
      return;
    }
    throw new HttpError(
      403,
      "forbidden",
      "Cross-site request refused: the Origin is not an address HAsync is served on. Open HAsync by " +
        "its IP address, a .local name, or the address set as Home Assistant's URL (Settings → System → Network).",
    );
  };
}

function sameIngressOrigin(claimed: string, forwardedHost: string | undefined, configured: Set<string>) {
  const hostname = new URL(claimed).hostname.replace(/^\[(.*)\]$/, "$1");
  if (forwardedHost !== undefined) return hostname === hostnameOf(forwardedHost.split(",")[0] ?? "");
  return isHomeHost(hostname, configured);
}

function isServedOrigin(
  claimed: string,
  protocol: string,
  host: string | undefined,
  configured: Set<string>,
) {
  if (host === undefined || claimed !== originOf(`${protocol}://${host}`)) return false;
  return isHomeHost(hostnameOf(host), configured);
}

/** Every `/api/v1/admin/**` route: an admin (ingress or password session) or 401. */
export function requireAdmin(auth: AdminAuth): RequestHandler {
  return (req, res, next) => {
    const user = auth.identify(req);
    if (!user) throw new HttpError(401, "unauthorized", "Sign in as an admin first.");
    res.locals.admin = user;
    next();
  };
}

export const adminOf = (res: { locals: Record<string, unknown> }): AdminUser => res.locals.admin as AdminUser;
