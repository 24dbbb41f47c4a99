import { type CookieOptions, Router } from "express";
import { AuditQuerySchema, type AuthStatusResponse, LoginRequestSchema, type MeResponse } from "hasync";
import type { AuditLog } from "../audit/audit-log.js";
import { HttpError } from "../http/errors.js";
import { parseInput } from "../http/validate.js";
import { type AdminAuth, SESSION_COOKIE } from "./admin-auth.js";
import { clientIp, ingressOf } from "./ingress.js";
import { SESSION_TTL_MS } from "./sessions.js";

/** `/api/v1/auth/*`: login for the LAN port, logout, who am I, and why password login is off. */
export function authRouter(auth: AdminAuth, ingressPeer: string): Router {
  const router = Router();
  const cookie = (secure: boolean): CookieOptions => ({
    httpOnly: true,
    sameSite: "strict",
    secure,
    path: "/",
  });

  router.get("/status", (req, res) => {
    const body: AuthStatusResponse = {
      password_login: { enabled: auth.passwordLoginProblem === null, reason: auth.passwordLoginProblem },
      ingress: ingressOf(req, ingressPeer) !== null,
    };
    res.set("Cache-Control", "no-store").json(body);
  });

  router.post("/login", async (req, res) => {
    const { username, password } = parseInput(LoginRequestSchema, req.body);
    const { user, sessionId } = await auth.login(username, password, clientIp(req));
    const body: MeResponse = { user };
    res.cookie(SESSION_COOKIE, sessionId, { ...cookie(req.secure), maxAge: SESSION_TTL_MS }).json(body);
  });

  router.post("/logout", (req, res) => {
    auth.logout(req);
    res.clearCookie(SESSION_COOKIE, cookie(req.secure)).status(204).end();
  });

  router.get("/me", (req, res) => {
    const user = auth.identify(req);
    if (!user) throw new HttpError(401, "unauthorized", "Not signed in.");
    const body: MeResponse = { user };
    res.set("Cache-Control", "no-store").json(body);
  });
  return router;
}

/** `GET /api/v1/admin/audit`: pages through the audit log (admin only; mounted behind the guard). */
export function auditRouter(audit: AuditLog): Router {
  const router = Router();
  router.get("/audit", (req, res) => {
    res.json(audit.list(parseInput(AuditQuerySchema, req.query, "query")));
  });
  return router;
}
