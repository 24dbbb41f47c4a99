import express, { type Request, type RequestHandler, type Response, Router } from "express";
import { FailureThrottle } from "../auth/throttle.js";
import type { DeviceAccess } from "../devices/types.js";
import { DEFAULT_LIMITS } from "../gateway/limits.js";
import { ServiceCallLimiter } from "../gateway/rate-limit.js";
import { deviceOf, ipOf, requireDevice, sendHaText } from "../gateway/rest.js";
import { nestedDeeperThan } from "../http/json-depth.js";
import type { Logger } from "../log/logger.js";
import { aiohttpText, emptyOkay, UNKNOWN_WEBHOOK, type WebhookAnswer } from "./answers.js";
import { REGISTRATION_SCHEMA, registrationOf } from "./registrations.js";
import { Invalid } from "./schema.js";
import { isAnswer, messageOf, runCommand, type WebhookCall, type WebhookDeps } from "./webhook.js";

/** How much one app and one address may ask of the room. */
export interface MobileAppLimits {
  /** Largest registration body (HA allows 16 MB; an app's registration is well under 2 kB). */
  registrationBytes: number;
  /** Largest webhook body: a phone's whole sensor list in one update_sensor_states stays far below. */
  webhookBytes: number;
  /** Webhook messages per device: an iOS app registers each sensor with its own message at start. */
  messages: { burst: number; perSecond: number };
  /** Unknown webhook ids one address may send before it is answered 429 for a while. */
  unknownFree: number;
  unknownLockMs: number;
  unknownMaxLockMs: number;
}

export const DEFAULT_MOBILE_APP_LIMITS: MobileAppLimits = {
  registrationBytes: 16 * 1024,
  webhookBytes: 256 * 1024,
  messages: { burst: 200, perSecond: 5 },
  unknownFree: 20,
  unknownLockMs: 1000,
  unknownMaxLockMs: 5 * 60_000,
};

export interface MobileAppRoutesOptions extends WebhookDeps {
  devices: DeviceAccess;
  log: Logger;
  now: () => number;
  limits: MobileAppLimits;
}

/** A peer as one key: IPv4 peers of a dual-stack listener arrive as `::ffff:a.b.c.d`. */
const addressOf = (req: Request): string => {
  const ip = ipOf(req);
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
};

function send(res: Response, answer: WebhookAnswer): void {
  res.status(answer.status);
  if ("json" in answer) res.json(answer.json);
  else if ("text" in answer) {
    if (answer.retryAfterS !== undefined) res.set("Retry-After", String(answer.retryAfterS));
    res.type("text/plain").send(answer.text);
  } else res.end();
}

/**
 * aiohttp answers a known path with another method 405 with the path's methods, before any
 * authentication (`web_urldispatcher`), as the device REST API does.
 */
const methodNotAllowed =
  (allow: string): RequestHandler =>
  (_req, res) => {
    res.set("Allow", allow);
    sendHaText(res, 405, "Method Not Allowed");
  };

/** Reads a JSON body of any content type (HA's `request.json()`), bounded; never throws. */
function readJson(
  req: Request,
  res: Response,
  limit: number,
): Promise<{ body: unknown } | "too-large" | "bad"> {
  // body-parser reads an empty body as {}; Python's json.loads("") fails, so HA's request.json() does.
  let empty = true;
  const parse = express.json({
    limit,
    strict: false,
    type: () => true,
    verify: (_req, _res, raw) => {
      empty = raw.length === 0;
    },
  });
  return new Promise((resolve) => {
    parse(req, res, (error?: unknown) => {
      const type = (error as { type?: unknown } | undefined)?.type;
      if (error !== undefined) resolve(type === "entity.too.large" ? "too-large" : "bad");
      else if (empty || nestedDeeperThan(req.body, DEFAULT_LIMITS.maxJsonDepth)) resolve("bad");
      else resolve({ body: req.body });
    });
  });
}

/**
 * HA's mobile_app views as HAsync's own room: `POST /api/mobile_app/registrations`
 * (http_api.py `RegistrationsView`, behind the device's authentication) and `/api/webhook/<id>`
 * (webhook/__init__.py `WebhookView`, unauthenticated in HA: the id is the credential, so it is
 * never logged and unknown ids are throttled per address).
 */
export function mobileAppRouter(o: MobileAppRoutesOptions): Router {
  const router = Router({ caseSensitive: true, strict: true });
  const unknown = new FailureThrottle({
    freeAttempts: o.limits.unknownFree,
    baseLockMs: o.limits.unknownLockMs,
    maxLockMs: o.limits.unknownMaxLockMs,
    forgetAfterMs: 2 * o.limits.unknownMaxLockMs,
    maxKeys: 10_000,
    now: o.now,
  });
  const messages = new ServiceCallLimiter({ now: o.now, rateOf: () => o.limits.messages });
  const guards: Guards = { unknown, messages };
  router.post("/api/mobile_app/registrations", requireDevice(o.devices), (req, res) =>
    register(o, guards, req, res),
  );
  router.all("/api/mobile_app/registrations", methodNotAllowed("POST"));
  router.all("/api/webhook/:webhook_id", async (req, res) => {
    try {
      await webhook(o, guards, req, res);
    } catch (error) {
      // webhook/__init__.py: a handler's failure is logged and answered 200; never with the id.
      o.log.error("a mobile_app webhook failed", {
        error: error instanceof Error ? error.message : String(error),
      });
      if (!res.headersSent) send(res, UNKNOWN_WEBHOOK);
    }
  });
  return router;
}

/** http_api.py `RegistrationsView.post`, in `RequestDataValidator`'s words for a bad body. */
async function register(o: MobileAppRoutesOptions, g: Guards, req: Request, res: Response): Promise<void> {
  const device = deviceOf(res);
  // Each registration is a write: the same per-device bucket as its webhook's messages.
  if (g.messages.take(device.id) !== "allowed") {
    res.set("Retry-After", String(Math.max(1, g.messages.retryAfterSeconds(device.id))));
    res.status(429).json({ message: "Too many requests from this device; try again in a moment." });
    return;
  }
  const read = await readJson(req, res, o.limits.registrationBytes);
  if (read === "too-large") {
    res.status(413).json({ message: `Data should be at most ${o.limits.registrationBytes} bytes.` });
    return;
  }
  if (read === "bad") {
    res.status(400).json({ message: "Invalid JSON." });
    return;
  }
  let data: Record<string, unknown>;
  try {
    data = REGISTRATION_SCHEMA(read.body);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    res.status(400).json({ message: `Message format incorrect: ${error.humanized()}` });
    return;
  }
  // HA hands out a secret only with encryption; HAsync has none to offer (helpers.py
  // supports_encryption() false), so the app is told `secret: null` and sends plain JSON.
  const webhookId = o.registrations.register(device.id, registrationOf(data));
  o.log.info("an HA app registered", { device_id: device.id, app_name: data.app_name });
  res.status(201).json({ cloudhook_url: null, remote_ui_url: null, secret: null, webhook_id: webhookId });
}

interface Guards {
  unknown: FailureThrottle;
  messages: ServiceCallLimiter;
}

async function webhook(o: MobileAppRoutesOptions, g: Guards, req: Request, res: Response): Promise<void> {
  const ip = addressOf(req);
  const found = o.registrations.byWebhook(String(req.params.webhook_id));
  // A device that is gone (revoked rows are deleted; an expired or closed pass is not live).
  if (found === null || o.devices.device(found.deviceId) === null) {
    send(res, unknownWebhook(o, g.unknown, ip, found === null));
    return;
  }
  if (req.method !== "POST" && req.method !== "PUT") {
    if (req.method === "GET" || req.method === "HEAD") send(res, { status: 405, empty: true });
    else methodNotAllowed("GET,HEAD,POST,PUT")(req, res, () => undefined);
    return;
  }
  if (g.messages.take(found.deviceId) !== "allowed") {
    send(
      res,
      aiohttpText(429, "Too Many Requests", Math.max(1, g.messages.retryAfterSeconds(found.deviceId))),
    );
    return;
  }
  const read = await readJson(req, res, o.limits.webhookBytes);
  if (read === "too-large") return send(res, aiohttpText(413, "Request Entity Too Large"));
  // webhook.py `handle_webhook`: a body that is not JSON is `empty_okay_response(status=400)`.
  if (read === "bad") return send(res, emptyOkay(400));
  const message = messageOf(read.body);
  if (isAnswer(message)) return send(res, message);
  const left = new AbortController();
  res.once("close", () => left.abort());
  const call: WebhookCall = {
    deviceId: found.deviceId,
    registration: found.registration,
    ip,
    signal: left.signal,
  };
  send(res, await runCommand(o, call, message.type, message.data));
}

/** HA's answer to an id it has no hook for, unless this address has been sending such ids too fast. */
function unknownWebhook(
  o: MobileAppRoutesOptions,
  unknown: FailureThrottle,
  ip: string,
  count: boolean,
): WebhookAnswer {
  const wait = unknown.retryAfterSeconds(ip);
  if (wait > 0) return aiohttpText(429, "Too Many Requests", wait);
  if (count) {
    const locked = unknown.fail(ip);
    if (locked > 0)
      o.log.warn("unknown mobile_app webhook ids from one address; answering 429 for now", {
        ip,
        seconds: locked,
      });
  }
  return UNKNOWN_WEBHOOK;
}
