import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  Router,
} from "express";
import type { DeviceAccess, DeviceRecord } from "../devices/types.js";
import { type CallServiceRequest, HaCommandError, type HaForwarder, type HaMirror } from "../ha/types.js";
import { nestedDeeperThan } from "../http/json-depth.js";
import type { ServiceCallLimiter } from "./rate-limit.js";
import { forwardServiceCall, ServiceCallRefused, ServiceCallThrottled } from "./service-calls.js";
import { scopedConfig, visibleStates } from "./views.js";
import { safeState } from "./wire-states.js";

/**
 * HA's REST API (https://developers.home-assistant.io/docs/api/rest) for devices, same scope rules
 * as the WebSocket. Answers use HA's `{"message": ...}` bodies. Only these paths are routed:
 * anything else under /api (HAsync's own /api/v1 included) falls through to the app's routers.
 */
export interface GatewayRestDeps {
  mirror: HaMirror;
  ha: HaForwarder;
  access: DeviceAccess;
  limiter: ServiceCallLimiter;
  maxJsonDepth: number;
}

/** Largest request body: HA allows 16 MB, but no service call a device makes comes near 64 kB. */
const BODY_LIMIT = "64kb";

/** A body HA would not take, answered in HA's `{"message"}` shape (`components/api/__init__.py`). */
class BodyRejected extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "BodyRejected";
  }
}

const BEARER = /^Bearer (\S+)$/;

const deviceOf = (res: Response): DeviceRecord => res.locals.device as DeviceRecord;
const ipOf = (req: Request): string => req.socket.remoteAddress ?? "";

/** HA answers a missing or bad token with aiohttp's plain-text 401; so does HAsync. */
function requireDevice(access: DeviceAccess): RequestHandler {
  return (req, res, next) => {
    const match = BEARER.exec(req.get("authorization") ?? "");
    const device = match?.[1] === undefined ? null : access.authenticate(match[1], ipOf(req));
    if (device === null) {
      res.status(401).type("text/plain").send("401: Unauthorized");
      return;
    }
    res.locals.device = device;
    next();
  };
}

/**
 * HA reads the body whatever its content type, after authentication (`APIDomainServicesView.post`).
 * The depth check runs before anything walks the body (the scope engine, JSON.stringify).
 */
function readBody(maxDepth: number): RequestHandler[] {
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

const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
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

/**
 * Refused calls get 403, where HA would answer a user without permission 401: a 401 tells HA
 * clients their token is dead, and some then forget it — a device must not unpair itself by
 * pressing a button outside its scope.
 */
function sendCallError(res: Response, error: unknown): void {
  if (error instanceof ServiceCallRefused) {
    res.status(403).json({ message: "Unauthorized" });
    return;
  }
  if (error instanceof ServiceCallThrottled) {
    res.status(429).set("Retry-After", String(Math.max(1, error.retryAfterSeconds)));
    res.json({ message: error.message });
    return;
  }
  if (!(error instanceof HaCommandError)) throw error;
  const status =
    {
      not_found: 400,
      invalid_format: 400,
      service_validation_error: 400,
      not_connected: 503,
      connection_lost: 503,
      timeout: 504,
    }[error.code] ?? 500;
  res.status(status).json({ message: error.message });
}

/** HA's REST answer: the in-scope states that changed while the call ran (HA's AsyncTrackStates). */
async function callService(deps: GatewayRestDeps, req: Request, res: Response): Promise<void> {
  const body: unknown = req.body ?? {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    res.status(400).json({ message: "Data should be a JSON object." });
    return;
  }
  const device = deviceOf(res);
  const returnResponse = req.query.return_response !== undefined;
  const request: CallServiceRequest = {
    domain: String(req.params.domain),
    service: String(req.params.service),
    service_data: body as Record<string, unknown>,
    ...(returnResponse ? { return_response: true } : {}),
  };
  const changed = new Set<string>();
  const stopTracking = deps.mirror.on("states", (changes) => {
    for (const change of changes) changed.add(change.entityId);
  });
  let answer: unknown;
  try {
    answer = await forwardServiceCall(deps, device.id, ipOf(req), request);
  } catch (error) {
    sendCallError(res, error);
    return;
  } finally {
    stopTracking();
  }
  const states = visibleStates(deps.mirror, deps.access.entitiesOf(device.id), changed).map(safeState);
  const response = (answer as { response?: unknown } | null)?.response ?? null;
  res.json(returnResponse ? { changed_states: states, service_response: response } : states);
}

export function gatewayRestRouter(deps: GatewayRestDeps): Router {
  const router = Router();
  const auth = requireDevice(deps.access);
  const visible = (res: Response) => deps.access.entitiesOf(deviceOf(res).id);
  router.get("/api/", auth, (_req, res) => {
    res.json({ message: "API running." });
  });
  router.get("/api/config", auth, (_req, res) => {
    res.json(scopedConfig(deps.mirror.config(), visible(res)));
  });
  router.get("/api/states", auth, (_req, res) => {
    res.json(visibleStates(deps.mirror, visible(res)).map(safeState));
  });
  router.get("/api/states/:entity_id", auth, (req, res) => {
    const [state] = visibleStates(deps.mirror, visible(res), [String(req.params.entity_id)]);
    // Out of scope and unknown answer alike, so a device cannot probe what else exists.
    if (state === undefined) res.status(404).json({ message: "Entity not found." });
    else res.json(safeState(state));
  });
  router.post("/api/services/:domain/:service", auth, ...readBody(deps.maxJsonDepth), (req, res) =>
    callService(deps, req, res),
  );
  router.use(bodyErrors);
  return router;
}
