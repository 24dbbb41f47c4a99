import type { Request, Response } from "express";
import { SUBSCRIBE_ALLOWLIST } from "../../events-ws/allowlist.js";
import { HaCommandError } from "../../ha/types.js";
import { scopedConfig, visibleStates } from "../views.js";
import { safeState } from "../wire-states.js";
import type { GatewayRestDeps } from "./deps.js";
import { deviceOf } from "./http.js";

/** HA's REST reads (`components/api/__init__.py`), each answered from the device's scope. */

const visible = (deps: GatewayRestDeps, res: Response) => deps.access.entitiesOf(deviceOf(res).id);

/**
 * `GET /api/events` (APIEventListenersView): HA lists every event type on its bus with its
 * listener count, which describes the house's internals (which integrations exist — `zha_event`,
 * `mobile_app_*` — and how many automations and cards listen to what). A device learns only the
 * types it may subscribe to (HA's SUBSCRIBE_ALLOWLIST, as `subscribe_events` reads it); their
 * count is 0 because any true count would be HA's.
 */
export function listEvents(_deps: GatewayRestDeps, _req: Request, res: Response): void {
  res.json([...SUBSCRIBE_ALLOWLIST].sort().map((event) => ({ event, listener_count: 0 })));
}

/** `GET /api/components` (APIComponentsView): the components `get_config` gives this device. */
export function listComponents(deps: GatewayRestDeps, _req: Request, res: Response): void {
  res.json(scopedConfig(deps.mirror.config(), visible(deps, res)).components ?? []);
}

export function getConfig(deps: GatewayRestDeps, _req: Request, res: Response): void {
  res.json(scopedConfig(deps.mirror.config(), visible(deps, res)));
}

export function getStates(deps: GatewayRestDeps, _req: Request, res: Response): void {
  res.json(visibleStates(deps.mirror, visible(deps, res)).map(safeState));
}

export function getState(deps: GatewayRestDeps, req: Request, res: Response): void {
  const [state] = visibleStates(deps.mirror, visible(deps, res), [String(req.params.entity_id)]);
  // Out of scope and unknown answer alike, so a device cannot probe what else exists.
  if (state === undefined) res.status(404).json({ message: "Entity not found." });
  else res.json(safeState(state));
}

/**
 * `GET /api/core/state` (APICoreStateView, any user): HA's run state and whether the recorder is
 * migrating, which describe no part of the house; asked of HA, so it is HA's truth.
 */
export async function getCoreState(deps: GatewayRestDeps, _req: Request, res: Response): Promise<void> {
  let response: globalThis.Response;
  try {
    response = await deps.ha.request("/api/core/state");
  } catch (error) {
    if (!(error instanceof HaCommandError)) throw error;
    res.status(error.code === "timeout" ? 504 : 503).json({ message: error.message });
    return;
  }
  if (!response.ok) {
    await response.body?.cancel();
    res.status(502).json({ message: `Home Assistant answered ${response.status}.` });
    return;
  }
  const { state, recorder_state } = (await response.json()) as Record<string, unknown>;
  res.json({ state, recorder_state });
}
