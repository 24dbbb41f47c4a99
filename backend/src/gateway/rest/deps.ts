import type { Request, Response, Router } from "express";
import type { DeviceAccess } from "../../devices/types.js";
import type { HaForwarder, HaMirror } from "../../ha/types.js";
import type { DeviceContexts } from "../contexts.js";
import type { ServiceCallLimiter } from "../rate-limit.js";
import type { CallConfirmer } from "../service-calls.js";

/**
 * What HA's REST API for devices (https://developers.home-assistant.io/docs/api/rest) answers
 * from: the mirror, HA itself, and the device's scope.
 */
export interface GatewayRestDeps {
  mirror: HaMirror;
  ha: HaForwarder;
  access: DeviceAccess;
  limiter: ServiceCallLimiter;
  /** Holds calls that need the admin's confirmation (confirm/). */
  confirmer?: CallConfirmer;
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
 * A capability's REST views (history, logbook…), one row per HA route, mounted like HAsync's own:
 * behind the device's authentication (HA's plain-text 401 otherwise, so `deviceOf(res)` is always
 * set in a handler), with aiohttp's 405 for another method, and before the unknown-path 404.
 * Rooms serve GET views only.
 */
export interface RestRoom {
  /** Express paths with HA's route shapes, e.g. `/api/history/period/:start`. */
  routes: ReadonlyArray<{
    path: string;
    handle(deps: GatewayRestDeps, req: Request, res: Response): void | Promise<void>;
  }>;
}
