import type { Request, Response } from "express";
import { type CallServiceRequest, HaCommandError } from "../../ha/types.js";
import {
  forwardServiceCall,
  ServiceCallDeclined,
  ServiceCallInvalid,
  ServiceCallRefused,
  ServiceCallThrottled,
} from "../service-calls.js";
import { visibleStates } from "../views.js";
import { safeState } from "../wire-states.js";
import type { GatewayRestDeps } from "./deps.js";
import { deviceOf, ipOf, sendRefused } from "./http.js";

/** HA's REST services (`components/api/__init__.py` APIServicesView, APIDomainServicesView). */

/**
 * `GET /api/services` in HA's REST shape (`async_services_json`: a list of `{domain, services}`),
 * cut exactly as the WebSocket's `get_services` is: only what the device may call.
 */
export function listServices(deps: GatewayRestDeps, res: Response): void {
  const allowed = deps.access.allowedServices(deviceOf(res).id, deps.mirror.services());
  res.json(Object.entries(allowed).map(([domain, services]) => ({ domain, services })));
}

function sendCallError(res: Response, error: unknown): void {
  if (error instanceof ServiceCallRefused) {
    sendRefused(res);
    return;
  }
  if (error instanceof ServiceCallDeclined) {
    res.status(403).json({ message: error.message });
    return;
  }
  // HA's REST answer to a ServiceValidationError (components/api/__init__.py APIDomainServicesView).
  if (error instanceof ServiceCallInvalid) {
    res.status(400).json({ message: error.message });
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
export async function callService(deps: GatewayRestDeps, req: Request, res: Response): Promise<void> {
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
  // A client that gives up (its connection closes before the answer) withdraws a held call.
  const left = new AbortController();
  res.once("close", () => left.abort());
  let answer: unknown;
  try {
    answer = await forwardServiceCall(deps, device.id, ipOf(req), request, {
      via: "rest",
      signal: left.signal,
    });
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
