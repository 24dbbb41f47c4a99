import os from "node:os";
import type { Router } from "express";
import type { AuditLog } from "../audit/audit-log.js";
import type { Db } from "../db/database.js";
import type { DevicesService } from "../devices/service.js";
import type { HaForwarder, HaMirror } from "../ha/types.js";
import type { Logger } from "../log/logger.js";
import { addonSlugFromHostname } from "../screen/approve-url.js";
import type { Settings } from "../settings/settings.js";
import { panelLink } from "./panel-link.js";
import { adminConfirmRouter } from "./routes.js";
import { ConfirmationService } from "./service.js";
import { ConfirmSettingsStore } from "./settings.js";

export interface ConfirmWiringOptions {
  db: Db;
  settings: Pick<Settings, "ha" | "tls">;
  devices: DevicesService;
  /** HAsync's own Home Assistant link, as mirror and forwarder. */
  ha: HaMirror & HaForwarder;
  audit: AuditLog;
  log: Logger;
  now: () => number;
  /** HAsync's LAN port as bound. */
  lanPort: () => number | null;
  /** Test seam: how long a held call waits (instead of the admin's `timeout_s`). */
  deadlineMs?: number;
  /** The container's host name (the add-on slug's source under the Supervisor). */
  hostname?: string;
}

/** Confirmations as the composition root wires them: the service the gateway holds calls with, and the admin's routes. */
export function confirmations(o: ConfirmWiringOptions): { service: ConfirmationService; admin: Router } {
  const settings = new ConfirmSettingsStore(o.db);
  const addonSlug =
    o.settings.ha.mode === "supervisor" ? addonSlugFromHostname(o.hostname ?? os.hostname()) : null;
  const service = new ConfirmationService({
    devices: o.devices,
    mirror: o.ha,
    ha: o.ha,
    settings,
    audit: o.audit,
    log: o.log,
    now: o.now,
    link: () =>
      panelLink({
        addonSlug,
        haConfig: () => o.ha.config(),
        lanPort: o.lanPort,
        lanTls: o.settings.tls !== undefined,
      }),
    ...(o.deadlineMs !== undefined ? { deadlineMs: o.deadlineMs } : {}),
  });
  return { service, admin: adminConfirmRouter({ confirmations: service, settings, audit: o.audit }) };
}
