import type { Router } from "express";
import type { AuditLog } from "../audit/audit-log.js";
import type { Db } from "../db/database.js";
import type { DevicesService } from "../devices/service.js";
import type { HaMirror } from "../ha/types.js";
import type { Logger } from "../log/logger.js";
import { type ScreenAddressDeps, screenAddress } from "../screen/address.js";
import { adminInvitesRouter, inviteAcceptRouter } from "./routes.js";
import { InvitesService } from "./service.js";
import { InviteStore } from "./store.js";

export interface InviteWiringOptions {
  db: Db;
  devices: DevicesService;
  /** HAsync's own Home Assistant link (notify services, sending a link). */
  mirror: HaMirror;
  audit: AuditLog;
  log: Logger;
  now: () => number;
  /** Where screens reach HAsync (screen/wiring.ts `ScreenSide.address`). */
  address: ScreenAddressDeps;
  ingressPeer: string;
}

/** Invite links as the composition root wires them: the admin's routes and the public exchange. */
export function inviteRouters(o: InviteWiringOptions): { admin: Router; accept: Router } {
  const invites = new InvitesService({
    store: new InviteStore(o.db),
    devices: o.devices,
    mirror: o.mirror,
    audit: o.audit,
    log: o.log,
    now: o.now,
  });
  return {
    admin: adminInvitesRouter({ invites, address: (req) => screenAddress(req, o.address) }),
    accept: inviteAcceptRouter({
      invites,
      devices: o.devices,
      now: o.now,
      ingressPeer: o.ingressPeer,
      haUrls: () => [o.mirror.config()?.internal_url, o.mirror.config()?.external_url],
    }),
  };
}
