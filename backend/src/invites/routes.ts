import { type Request, Router } from "express";
import {
  InviteAcceptRequestSchema,
  InviteCreateRequestSchema,
  type InviteList,
  InviteSendRequestSchema,
} from "hasync";
import { tooManyAttempts } from "../auth/admin-auth.js";
import { adminOf, csrfGuard } from "../auth/guards.js";
import { clientIp } from "../auth/ingress.js";
import { RateLimiter } from "../auth/rate-limit.js";
import { FailureThrottle } from "../auth/throttle.js";
import type { DevicesService } from "../devices/service.js";
import { HttpError, notFound } from "../http/errors.js";
import { parseInput } from "../http/validate.js";
import { setScreenCookie } from "../screen/cookies.js";
import { sessionView } from "../screen/session.js";
import type { InvitesService } from "./service.js";

const ID = /^inv_[A-Za-z0-9_-]{1,32}$/;

const inviteIdOf = (raw: string | undefined): string => {
  if (raw === undefined || !ID.test(raw)) throw notFound("No such invite.");
  return raw;
};

const whoOf = (req: Request, res: { locals: Record<string, unknown> }) => ({
  actor: adminOf(res).name,
  ip: clientIp(req),
});

export interface AdminInviteRoutesDeps {
  invites: InvitesService;
  /** The device-side address links point at (screen/address.ts `screenAddress`). */
  address: (req: Request) => string;
}

/** `/api/v1/admin/invites/**` (behind the admin guard, writes behind its cross-site check). */
export function adminInvitesRouter({ invites, address }: AdminInviteRoutesDeps): Router {
  const router = Router();

  router.get("/invites", (_req, res) => {
    const body: InviteList = { invites: invites.list() };
    res.set("Cache-Control", "no-store").json(body);
  });

  router.get("/invites/notify-services", (_req, res) => {
    res.set("Cache-Control", "no-store").json(invites.notifyServices());
  });

  router.post("/invites", (req, res) => {
    const input = parseInput(InviteCreateRequestSchema, req.body);
    // The secret is in this answer once: no cache may keep it.
    res
      .set("Cache-Control", "no-store")
      .status(201)
      .json(invites.create(input, whoOf(req, res), address(req)));
  });

  router.delete("/invites/:id", (req, res) => {
    if (!invites.revoke(inviteIdOf(req.params.id), whoOf(req, res))) throw notFound("No such invite.");
    res.status(204).end();
  });

  router.post("/invites/:id/send", async (req, res) => {
    const id = inviteIdOf(req.params.id);
    const input = parseInput(InviteSendRequestSchema, req.body);
    await invites.send(id, input, whoOf(req, res), address(req));
    res.status(204).end();
  });
  return router;
}

export interface InviteAcceptRoutesDeps {
  invites: InvitesService;
  devices: Pick<DevicesService, "passOf" | "entitiesOf" | "accessOf">;
  now: () => number;
  ingressPeer: string;
  haUrls: () => readonly unknown[];
  /** Accepts per client address per minute, known secrets or not. */
  acceptsPerMinute?: number;
}

/**
 * `POST /api/v1/screen/invite`: the link's secret (from its fragment) becomes this browser's
 * device. The token goes into the HttpOnly screen cookie only, never into the body. Unknown
 * secrets lock the address out with growing waits (as wrong pairing codes do), and every address
 * gets a bounded number of tries a minute whatever they send.
 */
export function inviteAcceptRouter(deps: InviteAcceptRoutesDeps): Router {
  const router = Router();
  const limit = new RateLimiter(deps.acceptsPerMinute ?? 30, 60_000, deps.now);
  const wrongSecrets = new FailureThrottle({
    freeAttempts: 10,
    baseLockMs: 30_000,
    maxLockMs: 3_600_000,
    forgetAfterMs: 3_600_000,
    maxKeys: 10_000,
    now: deps.now,
  });

  router.post("/screen/invite", csrfGuard(deps.ingressPeer, deps.haUrls), (req, res) => {
    res.set("Cache-Control", "no-store");
    const ip = clientIp(req);
    const wait = Math.max(limit.take(ip), wrongSecrets.retryAfterSeconds(ip));
    if (wait > 0) throw tooManyAttempts(wait);
    const input = parseInput(InviteAcceptRequestSchema, req.body);
    let accepted: ReturnType<InvitesService["accept"]>;
    try {
      accepted = deps.invites.accept(input.secret, { type: input.type, model: input.model ?? null }, ip);
    } catch (error) {
      if (error instanceof HttpError && error.code === "invite_invalid") {
        const locked = wrongSecrets.fail(ip);
        if (locked > 0) deps.invites.recordLockout(ip, locked);
      }
      throw error;
    }
    wrongSecrets.succeed(ip);
    const { device, token } = accepted;
    const pass = deps.devices.passOf(device.id);
    if (pass === null) throw new HttpError(410, "invite_revoked", "This invite link was cancelled.");
    setScreenCookie(req, res, token, device.expiresAt, deps.now());
    res.status(201).json(sessionView({ token, device, pass }, deps.now(), deps.devices));
  });
  return router;
}
