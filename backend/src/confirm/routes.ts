import { Router } from "express";
import {
  type ConfirmationList,
  type ConfirmDecisionResult,
  ConfirmDecisionSchema,
  type ConfirmSettings,
  ConfirmSettingsSchema,
} from "hasync";
import type { AuditLog } from "../audit/audit-log.js";
import { adminOf } from "../auth/guards.js";
import { clientIp } from "../auth/ingress.js";
import { HttpError, notFound } from "../http/errors.js";
import { parseInput } from "../http/validate.js";
import type { ConfirmationService } from "./service.js";
import type { ConfirmSettingsStore } from "./settings.js";

export interface ConfirmRoutesDeps {
  confirmations: ConfirmationService;
  settings: ConfirmSettingsStore;
  audit: AuditLog;
}

const ID = /^cnf_[A-Za-z0-9_-]{1,32}$/;

/**
 * `/api/v1/admin/confirmations/**` and `/api/v1/admin/confirm-settings` (behind the admin guard,
 * writes behind its cross-site check): the calls waiting for the admin, the admin's answer, and
 * where confirmations are announced.
 */
export function adminConfirmRouter({ confirmations, settings, audit }: ConfirmRoutesDeps): Router {
  const router = Router();

  router.get("/confirmations", (_req, res) => {
    const body: ConfirmationList = { confirmations: confirmations.list() };
    res.set("Cache-Control", "no-store").json(body);
  });

  router.post("/confirmations/:id", async (req, res) => {
    const id = req.params.id;
    if (id === undefined || !ID.test(id)) throw notFound("No such confirmation is waiting.");
    const { decision } = parseInput(ConfirmDecisionSchema, req.body);
    const outcome = await confirmations.decide(id, decision, { actor: adminOf(res).name, ip: clientIp(req) });
    const body: ConfirmDecisionResult = { outcome };
    res.set("Cache-Control", "no-store").json(body);
  });

  router.get("/confirm-settings", (_req, res) => {
    const body: ConfirmSettings = settings.get();
    res.set("Cache-Control", "no-store").json(body);
  });

  router.put("/confirm-settings", (req, res) => {
    const next = parseInput(ConfirmSettingsSchema, req.body);
    // `notify.send_message` needs a notify entity as its target, which the phones' own legacy
    // services (what the companion app registers) do not; invites/service.ts leaves it out too.
    if (next.notify_service === "notify.send_message") {
      throw new HttpError(
        400,
        "invalid_request",
        "Pick a phone's own notify service (notify.mobile_app_<phone>).",
      );
    }
    if (next.notify_service !== null && !confirmations.notices.hasService(next.notify_service)) {
      throw new HttpError(
        400,
        "invalid_request",
        `Home Assistant has no notify service ${next.notify_service}.`,
      );
    }
    const before = settings.get();
    settings.set(next);
    audit.record("confirm.settings_changed", {
      actor: adminOf(res).name,
      ip: clientIp(req),
      detail: { from: before, to: next },
    });
    res.set("Cache-Control", "no-store").json(next);
  });
  return router;
}
