import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import type { DeviceAccess, DeviceRecord } from "../../devices/types.js";
import { nestedDeeperThan } from "../../http/json-depth.js";

/**
 * HTTP pieces every room of the device REST API shares: the device's authentication, HA's error
 * bodies and body reading in HA's words (`homeassistant/components/http/view.py`, aiohttp).
 */

const BEARER = /^Bearer (\S+)$/;

/** The authenticated device; only valid behind `requireDevice`. */
export const deviceOf = (res: Response): DeviceRecord => res.locals.device as DeviceRecord;
export const ipOf = (req: Request): string => req.socket.remoteAddress ?? "";

/**
 * aiohttp's plain-text answer for an HTTP exception (`web_exceptions.HTTPException`: the body
 * `"<status>: <reason>"`, `text/plain; charset=utf-8`), which HA sends for 401, 404 and 405.
 */
export function sendHaText(res: Response, status: 401 | 404 | 405, reason: string): void {
  res.status(status).type("text/plain").send(`${status}: ${reason}`);
}

/**
 * HA answers a missing or bad token with aiohttp's plain-text 401 (`http/view.py`
 * `request_handler_factory`: HTTPUnauthorized); so does HAsync. Runs once per request even when a
 * room adds it to its own routes too.
 */
export function requireDevice(access: DeviceAccess): RequestHandler {
  return (req, res, next) => {
    if (res.locals.device !== undefined) {
      next();
      return;
    }
    const match = BEARER.exec(req.get("authorization") ?? "");
    const device = match?.[1] === undefined ? null : access.authenticate(match[1], ipOf(req));
    if (device === null) {
      sendHaText(res, 401, "Unauthorized");
      return;
    }
    res.locals.device = device;
    next();
  };
}

/**
 * Where HA would answer a signed-in user without the permission 401 (`exceptions.Unauthorized` →
 * HTTPUnauthorized in `http/view.py`), HAsync answers 403 with HA's `{"message"}` body: a 401
 * tells HA clients their token is dead, and some then forget it — a device must not unpair itself
 * by pressing a button outside its scope or by asking for an administrator's endpoint.
 */
export function sendRefused(res: Response): void {
  res.status(403).json({ message: "Unauthorized" });
}

/** A body HA would not take, answered in HA's `{"message"}` shape (`components/api/__init__.py`). */
export class BodyRejected extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "BodyRejected";
  }
}

/** Largest request body: HA allows 16 MB, but no request a device makes comes near 64 kB. */
export const BODY_LIMIT = "64kb";

/**
 * HA reads the body whatever its content type, after authentication (`APIDomainServicesView.post`).
 * The depth check runs before anything walks the body (the scope engine, JSON.stringify).
 */
export function readBody(maxDepth: number): RequestHandler[] {
  const parse = express.json({ limit: BODY_LIMIT, strict: false, type: () => true });
  const depth: RequestHandler = (req, _res, next) =>
    next(
      nestedDeeperThan(req.body, maxDepth)
        ? new BodyRejected(400, `Data should be nested at most ${maxDepth} levels deep.`)
        : undefined,
    );
  return [parse, depth];
}

/** body-parser's error types, and HA's answer to such a body. */
const BODY_ERRORS: Readonly<Record<string, [number, string]>> = {
  "entity.parse.failed": [400, "Data should be valid JSON."],
  "entity.too.large": [413, `Data should be at most ${BODY_LIMIT}.`],
};

/** The one place a body HAsync will not read becomes HA's `{"message"}` answer. */
export const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const type = (error as { type?: unknown } | null)?.type;
  if (error instanceof BodyRejected) {
    res.status(error.status).json({ message: error.message });
    return;
  }
  if (typeof type !== "string") {
    next(error);
    return;
  }
  const [status, message] = BODY_ERRORS[type] ?? [400, "Data could not be read."];
  res.status(status).json({ message });
};
