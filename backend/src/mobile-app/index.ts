import type { Router } from "express";
import type { Db } from "../db/database.js";
import type { DeviceAccess } from "../devices/types.js";
import type { HaMirror } from "../ha/types.js";
import type { Logger } from "../log/logger.js";
import { AppRegistrations } from "./registrations.js";
import { DEFAULT_MOBILE_APP_LIMITS, type MobileAppLimits, mobileAppRouter } from "./routes.js";
import type { ServiceCaller } from "./webhook.js";

export { DEFAULT_MOBILE_APP_LIMITS, type MobileAppLimits } from "./routes.js";

export interface MobileAppOptions {
  db: Db;
  devices: DeviceAccess;
  mirror: HaMirror;
  /** The gateway (`DeviceGateway.callService`): the one decision path for a device's calls. */
  calls: ServiceCaller;
  log: Logger;
  now: () => number;
  limits?: Partial<MobileAppLimits>;
}

/**
 * HA's `mobile_app` for HA's apps signed in through HAsync, owned by HAsync and scoped to the
 * device: an app registers here (not with HA's own mobile_app, which would make the phone an HA
 * device writing into HA with HAsync's admin token) and talks through its webhook. A registration
 * goes with its device (ON DELETE CASCADE), so a revoked device's webhook is an unknown one.
 */
export class MobileApp {
  readonly registrations: AppRegistrations;

  constructor(private readonly options: MobileAppOptions) {
    this.registrations = new AppRegistrations(options.db, options.now);
  }

  /** Mount among the root routers before the device REST API (whose unknown-path 404 would answer first). */
  router(): Router {
    const { devices, mirror, calls, log, now } = this.options;
    return mobileAppRouter({
      registrations: this.registrations,
      devices,
      mirror,
      calls,
      log,
      now,
      limits: { ...DEFAULT_MOBILE_APP_LIMITS, ...this.options.limits },
    });
  }
}
