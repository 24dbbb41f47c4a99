import type { ErrorRequestHandler } from "express";
import { TooManyTransfers } from "./transfers.js";

/**
 * HA's camera views answer with aiohttp's HTTP exceptions, whose body is plain text
 * `"<status>: <reason>"` (`camera/__init__.py` `CameraView.get`: HTTPNotFound, HTTPUnauthorized,
 * HTTPForbidden, HTTPServiceUnavailable; `CameraMjpegStream`: HTTPBadRequest, HTTPBadGateway).
 */
const REASONS = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
} as const;

export type CameraStatus = keyof typeof REASONS;

/** A camera request answered with one of HA's plain-text statuses. */
export class CameraRefused extends Error {
  override name = "CameraRefused";

  constructor(readonly status: CameraStatus) {
    super(REASONS[status]);
  }
}

/** Seconds a device waits before trying again when it has too many camera requests open. */
const RETRY_AFTER_S = 5;

function asRefusal(error: unknown): CameraRefused | null {
  if (error instanceof CameraRefused) return error;
  if (error instanceof TooManyTransfers) return new CameraRefused(429);
  // An entity id that is not valid percent-encoding names no camera (Express fails to decode it).
  if (error instanceof URIError) return new CameraRefused(404);
  return null;
}

/** The one place camera errors become answers; a response already streaming is cut off instead. */
export const cameraErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const refusal = asRefusal(error);
  if (refusal === null) {
    next(error);
    return;
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (refusal.status === 429) res.setHeader("Retry-After", String(RETRY_AFTER_S));
  res.status(refusal.status).type("text/plain").send(`${refusal.status}: ${refusal.message}`);
};
