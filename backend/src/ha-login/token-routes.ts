import { type Request, type Response, Router } from "express";
import { clientIp } from "../auth/ingress.js";
import { BodyError, readForm } from "./form-body.js";
import type { HaLogin } from "./service.js";
import { exchangeCode, refreshGrant, revokeGrant, TokenEndpointError } from "./token-grants.js";

/** HA's token answers are never cached (`TokenView`: `Cache-Control: no-store`, `Pragma: no-cache`). */
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

/** `scheme://host[:port]` of a client_id as a browser writes its Origin, or null. */
export function originOf(clientId: string | null | undefined): string | null {
  if (!clientId) return null;
  try {
    const origin = new URL(clientId).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * HA marks its token views `cors_allowed` (`components/http/cors.py`: only for the origins the
 * owner configured). Here the one origin allowed is the client's own: the origin of the client_id
 * the request names, or, for a refresh or revoke that names none, of the device's stored client.
 */
function allowOrigin(req: Request, res: Response, clientIds: readonly (string | null | undefined)[]): void {
  res.vary("Origin");
  const origin = req.get("origin");
  if (origin !== undefined && clientIds.some((id) => originOf(id) === origin)) {
    res.set("Access-Control-Allow-Origin", origin);
  }
}

/** `POST /auth/token` and `POST /auth/revoke`, with their preflights. */
export function tokenRouter(login: HaLogin, knownClients: () => Iterable<string>): Router {
  const router = Router();
  router.options(["/auth/token", "/auth/revoke"], (req, res) => {
    allowOrigin(req, res, [...knownClients()]);
    res
      .set({
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "600",
      })
      .status(204)
      .end();
  });
  router.post("/auth/token", async (req, res) => {
    const form = await formOr400(login, req, res);
    if (form === null) return;
    const ip = clientIp(req);
    // IndieAuth 6.3.5: revocation is the token endpoint with `action=revoke` (HA keeps it for old clients).
    if (form.get("action") === "revoke") return revoked(login, req, res, form);
    const named = form.get("client_id");
    try {
      const grantType = form.get("grant_type");
      if (grantType === "authorization_code") {
        allowOrigin(req, res, [named]);
        res.set(NO_STORE).json(exchangeCode(login, form, ip));
      } else if (grantType === "refresh_token") {
        const device = login.o.devices.bearer(form.get("refresh_token") ?? "")?.device;
        allowOrigin(req, res, [named, device?.clientId]);
        res.set(NO_STORE).json(refreshGrant(login, form, ip));
      } else {
        allowOrigin(req, res, [named]);
        login.refused(ip, "unsupported grant type");
        res.status(400).json({ error: "unsupported_grant_type" });
      }
    } catch (error) {
      if (!(error instanceof TokenEndpointError)) throw error;
      if (error.retryAfterS !== undefined) res.set("Retry-After", String(error.retryAfterS));
      res.status(error.status).json(error.body);
    }
  });
  router.post("/auth/revoke", async (req, res) => {
    const form = await formOr400(login, req, res);
    if (form !== null) revoked(login, req, res, form);
  });
  return router;
}

function revoked(login: HaLogin, req: Request, res: Response, form: ReadonlyMap<string, string>): void {
  const device = revokeGrant(login, form, clientIp(req));
  allowOrigin(req, res, [form.get("client_id"), device?.clientId]);
  res.status(200).end();
}

/** The form, or null once a 400/413 in HA's OAuth shape is sent. */
async function formOr400(
  login: HaLogin,
  req: Request,
  res: Response,
): Promise<ReadonlyMap<string, string> | null> {
  try {
    return await readForm(req);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    login.refused(clientIp(req), error.status === 413 ? "body too large" : "unreadable body");
    res.vary("Origin");
    if (error.status === 413) res.set("Connection", "close");
    res.status(error.status).json({ error: "invalid_request", error_description: error.message });
    return null;
  }
}
