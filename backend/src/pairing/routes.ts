import { Router } from "express";
import {
  ApproveRequestSchema,
  DenyRequestSchema,
  DeviceCodeRequestSchema,
  type PendingPairingList,
  type TokenErrorResponse,
  TokenRequestSchema,
} from "hasync";
import { tooManyAttempts } from "../auth/admin-auth.js";
import { adminOf } from "../auth/guards.js";
import { clientIp } from "../auth/ingress.js";
import { RateLimiter } from "../auth/rate-limit.js";
import type { DevicesService } from "../devices/service.js";
import { parseInput } from "../http/validate.js";
import { requestOrigin } from "../screen/address.js";
import { type PairingService, TokenGrantError } from "./service.js";

const DESCRIPTIONS: Record<TokenGrantError["code"], string> = {
  authorization_pending: "Waiting for an admin to approve this device in HAsync.",
  slow_down: "Polling too fast: wait the given interval between requests.",
  access_denied: "An admin denied this device.",
  expired_token: "The code expired. Start pairing again.",
  invalid_grant: "Unknown or already used device code. Start pairing again.",
};

/** Public device-side endpoints: `/api/v1/pairing/device-code` and `/api/v1/pairing/token`. */
export function publicPairingRouter(pairing: PairingService, now: () => number): Router {
  const router = Router();
  // At least 10 a minute per client (a household re-pairing several devices), then 429.
  const codeLimit = new RateLimiter(12, 60_000, now);

  router.post("/pairing/device-code", (req, res) => {
    const ip = clientIp(req);
    const wait = codeLimit.take(ip);
    if (wait > 0) throw tooManyAttempts(wait);
    const input = parseInput(DeviceCodeRequestSchema, req.body);
    res.set("Cache-Control", "no-store").json(pairing.requestCodes(input, ip, requestOrigin(req)));
  });

  router.post("/pairing/token", (req, res) => {
    const { device_code } = parseInput(TokenRequestSchema, req.body);
    res.set("Cache-Control", "no-store");
    try {
      res.json(pairing.collectToken(device_code));
    } catch (error) {
      if (!(error instanceof TokenGrantError)) throw error;
      const body: TokenErrorResponse = { error: error.code, error_description: DESCRIPTIONS[error.code] };
      res.status(400).json(body);
    }
  });
  return router;
}

/** Admin side: `/api/v1/admin/pairing`, `/approve`, `/deny` (mounted behind the admin guard). */
export function adminPairingRouter(pairing: PairingService, devices: DevicesService): Router {
  const router = Router();

  router.get("/pairing", (_req, res) => {
    const body: PendingPairingList = { pending: pairing.listPending() };
    res.set("Cache-Control", "no-store").json(body);
  });

  router.post("/pairing/approve", (req, res) => {
    const input = parseInput(ApproveRequestSchema, req.body);
    const deviceId = pairing.approve(input, adminOf(res).name, clientIp(req));
    res.status(201).json(devices.view(deviceId));
  });

  router.post("/pairing/deny", (req, res) => {
    const { user_code } = parseInput(DenyRequestSchema, req.body);
    pairing.deny(user_code, adminOf(res).name, clientIp(req));
    res.status(204).end();
  });
  return router;
}
