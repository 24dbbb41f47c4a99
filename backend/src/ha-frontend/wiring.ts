import path from "node:path";
import type { RequestHandler, Router } from "express";
import type { AuditLog } from "../audit/audit-log.js";
import { ingressOf } from "../auth/ingress.js";
import type { Db } from "../db/database.js";
import type { HaStatus } from "../ha/types.js";
import type { Logger } from "../log/logger.js";
import type { Settings } from "../settings/settings.js";
import { interfaceAdminRouter } from "./routes.js";
import { haInterfaceHandler } from "./serve.js";
import { frontendOrigin, HaFrontend, type HaFrontendDeps } from "./service.js";
import { InterfaceSettingsStore } from "./settings.js";

export interface HaInterfaceWiring {
  frontend: HaFrontend;
  /** `/api/v1/admin/interface-settings`. */
  admin: Router;
  /** HA's interface on the LAN port, ahead of HAsync's own headers (AppDeps.haInterface). */
  handler: RequestHandler;
}

/** Builds HA's interface for devices from the settings (where HA is, the data dir) and the link. */
export function haInterface(deps: {
  db: Db;
  settings: Settings;
  ha: { status(): HaStatus };
  audit: AuditLog;
  log: Logger;
  limits?: HaFrontendDeps["limits"];
}): HaInterfaceWiring {
  const settings = new InterfaceSettingsStore(deps.db);
  const frontend = new HaFrontend({
    origin: frontendOrigin(deps.settings.ha),
    ha: deps.ha,
    settings,
    cacheDir: path.join(deps.settings.dataDir, "ha-frontend"),
    log: deps.log,
    ...(deps.limits ? { limits: deps.limits } : {}),
  });
  return {
    frontend,
    admin: interfaceAdminRouter({ frontend, settings, audit: deps.audit }),
    handler: haInterfaceHandler({
      frontend,
      ingressPathOf: (req) => ingressOf(req, deps.settings.ingressPeer)?.path ?? null,
      log: deps.log,
    }),
  };
}
