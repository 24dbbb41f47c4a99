import type { Router } from "express";
import type { DeviceAccess } from "../devices/types.js";
import type { HaForwarder } from "../ha/types.js";
import { cameraRouter } from "./routes.js";
import { cameraScopes } from "./scopes.js";
import { CameraSigner } from "./signer.js";
import { type CameraLimits, DEFAULT_CAMERA_LIMITS, Transfers } from "./transfers.js";

export { type CameraLimits, DEFAULT_CAMERA_LIMITS } from "./transfers.js";

export interface CamerasOptions {
  access: DeviceAccess;
  now: () => number;
  limits?: Partial<CameraLimits>;
}

/**
 * Cameras for devices (issue 12, item 6): HA's camera proxy views answered for the device's scope,
 * and camera pictures signed for each device in place of HA's camera token. One per gateway: its
 * signing key lives and dies with it.
 */
export class Cameras {
  /** The device access to give everything that cuts states to a scope (see `scopes.ts`). */
  readonly access: DeviceAccess;
  readonly signer: CameraSigner;
  readonly transfers: Transfers;

  constructor(options: CamerasOptions) {
    this.signer = new CameraSigner(options.now);
    this.access = cameraScopes(options.access, this.signer);
    this.transfers = new Transfers(options.access, { ...DEFAULT_CAMERA_LIMITS, ...options.limits });
  }

  /** `/api/camera_proxy/<id>` and `/api/camera_proxy_stream/<id>`, streamed from `ha`. */
  router(ha: HaForwarder): Router {
    return cameraRouter({ ha, access: this.access, signer: this.signer, transfers: this.transfers });
  }
}
