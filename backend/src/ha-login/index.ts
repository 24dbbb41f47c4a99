import { Router } from "express";
import { flowRouter } from "./flow-routes.js";
import type { HaLogin } from "./service.js";
import { tokenRouter } from "./token-routes.js";

export { AccessTokens } from "./access-tokens.js";
export { linkLookup } from "./link-lookup.js";
export { HaLogin, type ScreenLogin } from "./service.js";

/**
 * HA's own login endpoints at HA's paths (`/auth/providers`, `/auth/login_flow*`, `/auth/token`,
 * `/auth/revoke`), mounted at the root beside the device gateway's `/api`. `/auth/authorize`
 * is the device app's page (http/frontend.ts), which pairs through `/api/v1/screen`.
 */
export function haLoginRouter(login: HaLogin): Router {
  const router = Router();
  const knownClients = function* () {
    yield* login.codes.clients();
    for (const device of login.o.devices.list()) if (device.client_id !== null) yield device.client_id;
  };
  router.use(flowRouter(login), tokenRouter(login, knownClients));
  return router;
}
