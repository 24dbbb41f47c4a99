import type { RequestHandler } from "express";
import type { AdminUser } from "hasync";
import { HttpError } from "../http/errors.js";
import type { AdminAuth } from "./admin-auth.js";
import { ingressOf } from "./ingress.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function originOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Cookie-authenticated routes refuse cross-site writes: the request's Origin (or Referer) must be
 * this server's own origin, and bodies must be JSON (which a cross-site form cannot send without
 * a CORS preflight that this server never grants). Behind ingress the browser talks to Home
 * Assistant's origin, which the Supervisor reports as X-Forwarded-Host when it sends it.
 */
export function csrfGuard(ingressPeer: string): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    if (req.method !== "DELETE" && !req.is("application/json")) {
      throw new HttpError(415, "unsupported_media_type", "Send the request body as application/json.");
    }
    const claimed = originOf(req.get("origin")) ?? originOf(req.get("referer"));
    if (ingressOf(req, ingressPeer)) {
      const forwarded = req.get("x-forwarded-host");
      if (claimed === null || forwarded === undefined || new URL(claimed).host === forwarded) {
        next();
        return;
      }
    } else if (claimed !== null && claimed === `${req.protocol}://${req.get("host") ?? ""}`) {
      next();
      return;
    }
    throw new HttpError(403, "forbidden", "Cross-site request refused: the Origin is not this server.");
  };
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
