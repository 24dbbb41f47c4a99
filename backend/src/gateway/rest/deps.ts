import type { Router } from "express";
import type { DeviceAccess } from "../../devices/types.js";
import type { HaForwarder, HaMirror } from "../../ha/types.js";
import type { DeviceContexts } from "../contexts.js";
import type { ServiceCallLimiter } from "../rate-limit.js";

/**
 * What HA's REST API for devices (https://developers.home-assistant.io/docs/api/rest) answers
 * from: the mirror, HA itself, and the device's scope.
 */
export interface GatewayRestDeps {
  mirror: HaMirror;
  ha: HaForwarder;
  access: DeviceAccess;
  limiter: ServiceCallLimiter;
  /** Which device's call made which context (`contexts.ts`); without it only answers carry the device. */
  contexts?: DeviceContexts;
  maxJsonDepth: number;
  /**
   * HA's camera views (`cameras/`): they authenticate each request themselves (a device token or
   * a camera URL's signature), so they are mounted as they are, before the unknown-path 404.
   */
  cameras?: Router;
}

/**
 * A capability's REST routes (history, logbook, cameras…), mounted behind the device's
 * authentication and before the unknown-path 404. Every request under `prefixes` must carry a
 * valid device token (HA's plain-text 401 otherwise), and the router only ever sees authenticated
 * requests, so `deviceOf(res)` is always set in its handlers.
 */
export interface RestRoom {
  /** Path prefixes the room answers under, e.g. `["/api/history", "/api/logbook"]`. */
  prefixes: readonly string[];
  /** The room's routes with their full paths (`/api/history/period/:start`). */
  router(deps: GatewayRestDeps): Router;
}
