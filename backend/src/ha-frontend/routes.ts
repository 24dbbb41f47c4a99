import { Router } from "express";
import { InterfaceSettingsSchema, type InterfaceStatus } from "hasync";
import type { AuditLog } from "../audit/audit-log.js";
import { adminOf } from "../auth/guards.js";
import { clientIp } from "../auth/ingress.js";
import { parseInput } from "../http/validate.js";
import type { HaFrontend } from "./service.js";
import type { InterfaceSettingsStore } from "./settings.js";

export interface InterfaceRoutesDeps {
  frontend: HaFrontend;
  settings: InterfaceSettingsStore;
  audit: AuditLog;
}

/**
 * `/api/v1/admin/interface-settings` (behind the admin guard, writes behind its cross-site
 * check): which interface devices get, and whether HA's own can be served and why not.
 */
export function interfaceAdminRouter({ frontend, settings, audit }: InterfaceRoutesDeps): Router {
  const router = Router();

  router.get("/interface-settings", async (_req, res) => {
    const body: InterfaceStatus = await frontend.status();
    res.set("Cache-Control", "no-store").json(body);
  });

  router.put("/interface-settings", async (req, res) => {
    const next = parseInput(InterfaceSettingsSchema, req.body);
    const before = settings.get();
    settings.set(next);
    if (before.device_interface !== next.device_interface) {
      audit.record("interface.settings_changed", {
        actor: adminOf(res).name,
        ip: clientIp(req),
        detail: { from: before, to: next },
      });
    }
    const body: InterfaceStatus = await frontend.status();
    res.set("Cache-Control", "no-store").json(body);
  });
  return router;
}
