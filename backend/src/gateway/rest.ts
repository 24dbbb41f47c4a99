import { type RequestHandler, Router } from "express";
import { CALENDAR_REST_ROOM } from "../entity-feeds/calendar-rest.js";
import { HISTORY_REST_ROOM } from "../history/rest.js";
import type { GatewayRestDeps, RestRoom } from "./rest/deps.js";
import { bodyErrors, readBody, requireDevice, sendHaText, sendRefused } from "./rest/http.js";
import { getConfig, getCoreState, getState, getStates, listComponents, listEvents } from "./rest/reads.js";
import { REFUSED_ROUTES, type RestMethod } from "./rest/refused.js";
import { callService, listServices } from "./rest/services.js";

export type { GatewayRestDeps, RestRoom } from "./rest/deps.js";
export {
  BodyRejected,
  bodyErrors,
  deviceOf,
  ipOf,
  readBody,
  requireDevice,
  sendHaText,
  sendRefused,
} from "./rest/http.js";

/**
 * HA's REST API (https://developers.home-assistant.io/docs/api/rest) for devices, same scope rules
 * as the WebSocket, in HA's own bodies: `{"message"}` from views, aiohttp's plain text for 401,
 * 404 and 405. Everything under /api is answered here except HAsync's own /api/v1, which falls
 * through to the app's routers.
 */

/** Capabilities' REST views, mounted like HAsync's own and before the unknown-path 404: one line each. */
const REST_ROOMS: readonly RestRoom[] = [HISTORY_REST_ROOM, CALENDAR_REST_ROOM];

type Handle = (deps: GatewayRestDeps, ...args: Parameters<RequestHandler>) => void | Promise<void>;

interface RestRoute {
  method: RestMethod;
  path: string;
  handle: Handle;
  /** Reads a JSON body first (after authentication, as HA does). */
  body?: true;
}

/** The `components/api/__init__.py` views, each answered from the device's scope. */
const ROUTES: readonly RestRoute[] = [
  { method: "get", path: "/api/", handle: (_deps, _req, res) => void res.json({ message: "API running." }) },
  { method: "get", path: "/api/core/state", handle: getCoreState },
  { method: "get", path: "/api/config", handle: getConfig },
  { method: "get", path: "/api/states", handle: getStates },
  { method: "get", path: "/api/states/:entity_id", handle: getState },
  { method: "get", path: "/api/events", handle: listEvents },
  { method: "get", path: "/api/services", handle: (deps, _req, res) => listServices(deps, res) },
  { method: "post", path: "/api/services/:domain/:service", handle: callService, body: true },
  { method: "get", path: "/api/components", handle: listComponents },
  ...REFUSED_ROUTES.map(([method, path]) => ({ method, path, handle: refuse })),
];

function refuse(_deps: GatewayRestDeps, _req: unknown, res: Parameters<RequestHandler>[1]): void {
  sendRefused(res);
}

/**
 * aiohttp answers a known path with another method 405, before any authentication
 * (`web_urldispatcher`: HTTPMethodNotAllowed with an `Allow` header of the path's methods).
 */
function methodNotAllowed(methods: readonly RestMethod[]): RequestHandler {
  const allow = methods
    .map((method) => method.toUpperCase())
    .sort()
    .join(",");
  return (_req, res) => {
    res.set("Allow", allow);
    sendHaText(res, 405, "Method Not Allowed");
  };
}

function mountRoutes(
  router: Router,
  deps: GatewayRestDeps,
  auth: RequestHandler,
  routes: readonly RestRoute[],
): void {
  const methodsByPath = new Map<string, RestMethod[]>();
  for (const route of routes) {
    const handlers: RequestHandler[] = [auth, ...(route.body ? readBody(deps.maxJsonDepth) : [])];
    router[route.method](route.path, ...handlers, (req, res, next) => route.handle(deps, req, res, next));
    methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
  }
  for (const [path, methods] of methodsByPath) router.all(path, methodNotAllowed(methods));
}

const UNDER_API = /^\/api(\/|$)/i;
/** HAsync's own API, routed by the app (case-insensitively, as Express matches it). */
const HASYNC_API = /^\/api\/v1(\/|$)/i;

/**
 * Any other path under /api gets aiohttp's plain-text 404, authenticated or not: HA's auth
 * middleware only marks a request (`http/auth.py` auth_middleware never refuses), so an unknown
 * path is 404 before any token is looked at.
 */
const unknownPath: RequestHandler = (req, res, next) => {
  if (!UNDER_API.test(req.path) || HASYNC_API.test(req.path)) next();
  else sendHaText(res, 404, "Not Found");
};

/** `rooms` defaults to the capabilities listed above; tests pass their own. */
export function gatewayRestRouter(deps: GatewayRestDeps, rooms: readonly RestRoom[] = REST_ROOMS): Router {
  // aiohttp matches paths exactly: `/API/states` and `/api/states/` are 404 at HA, so here too.
  const router = Router({ caseSensitive: true, strict: true });
  const auth = requireDevice(deps.access);
  mountRoutes(router, deps, auth, [
    ...ROUTES,
    ...rooms.flatMap((room) => room.routes.map((route) => ({ method: "get" as const, ...route }))),
  ]);
  if (deps.cameras) router.use(deps.cameras);
  router.use(bodyErrors);
  router.use(unknownPath);
  return router;
}
