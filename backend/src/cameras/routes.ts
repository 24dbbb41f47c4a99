import { type Request, type RequestHandler, type Response, Router } from "express";
import type { DeviceAccess } from "../devices/types.js";
import type { HaForwarder } from "../ha/types.js";
import { CameraRefused, cameraErrors } from "./errors.js";
import { forwardFromHa } from "./forward.js";
import { imageQuery, streamQuery } from "./query.js";
import type { CameraSigner } from "./signer.js";
import type { TransferKind, Transfers } from "./transfers.js";

/**
 * HA's camera views for devices (`camera/__init__.py` `CameraImageView` at
 * `/api/camera_proxy/<id>`, `CameraMjpegStream` at `/api/camera_proxy_stream/<id>`), answered for
 * cameras in the device's scope by streaming HA's own answer through (HAsync's token in the
 * header, see `forward.ts`).
 *
 * Authentication as `CameraView.get`: a bearer token (the device's), or `?token=` (HAsync's
 * signature from the camera's `entity_picture`, see `signer.ts`), still checked against the
 * device's current access at request time; neither gives 401 when an Authorization header was
 * sent and 403 otherwise. HA answers an unknown camera 404 before looking at any credential;
 * HAsync authenticates first, since which cameras exist is what an unauthenticated caller must
 * not learn. Out of scope and unknown then answer alike: 404.
 */

export interface CameraRouteDeps {
  ha: HaForwarder;
  access: DeviceAccess;
  signer: CameraSigner;
  transfers: Transfers;
}

const BEARER = /^Bearer (\S+)$/;

function deviceOf(deps: CameraRouteDeps, req: Request, entityId: string): string {
  const authorization = req.get("authorization");
  const bearer = BEARER.exec(authorization ?? "")?.[1];
  const device =
    bearer === undefined ? null : deps.access.authenticate(bearer, req.socket.remoteAddress ?? "");
  if (device !== null) return device.id;
  const token = req.query.token;
  const signed = typeof token === "string" ? deps.signer.deviceFor(token, entityId) : null;
  // A signature outlives neither the device's pairing nor its pass.
  if (signed !== null && deps.access.device(signed) !== null) return signed;
  throw new CameraRefused(authorization === undefined ? 403 : 401);
}

function serve(deps: CameraRouteDeps, kind: TransferKind): RequestHandler {
  return async (req: Request, res: Response) => {
    const entityId = String(req.params.entity_id);
    const deviceId = deviceOf(deps, req, entityId);
    if (!entityId.startsWith("camera.") || !deps.access.canSee(deviceId, entityId))
      throw new CameraRefused(404);
    const query = kind === "image" ? imageQuery(req.query) : streamQuery(req.query);
    const view = kind === "image" ? "camera_proxy" : "camera_proxy_stream";
    const transfer = deps.transfers.open(deviceId, entityId, kind);
    // The device went away (or the answer is complete, when aborting is a no-op).
    const gone = () => transfer.abort();
    res.once("close", gone);
    try {
      await forwardFromHa(deps.ha, `/api/${view}/${encodeURIComponent(entityId)}${query}`, transfer, res);
    } finally {
      res.off("close", gone);
      deps.transfers.close(transfer);
    }
  };
}

/** HA registers only GET for these views: aiohttp answers other methods 405 before any auth. */
const onlyGet =
  (handler: RequestHandler): RequestHandler =>
  (req, res, next) => {
    if (req.method === "GET") return handler(req, res, next);
    res.setHeader("Allow", "GET");
    throw new CameraRefused(405);
  };

export function cameraRouter(deps: CameraRouteDeps): Router {
  const router = Router();
  router.all("/api/camera_proxy/:entity_id", onlyGet(serve(deps, "image")));
  router.all("/api/camera_proxy_stream/:entity_id", onlyGet(serve(deps, "stream")));
  router.use(cameraErrors);
  return router;
}
