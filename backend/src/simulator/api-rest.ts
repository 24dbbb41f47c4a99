import type { IncomingMessage, ServerResponse } from "node:http";
import { stateJson } from "./compressed.js";
import type { ConnectionHost } from "./connection.js";
import { json, readBody } from "./http-answers.js";

/**
 * More of HA's `components/api/__init__.py` views, answered as HA answers the demo's token (an
 * administrator's): the service list, the bus's listeners, the loaded components, and setting a
 * state. Returns false for any other request, so the REST router can go on.
 */

const MAX_BODY_BYTES = 64 * 1024;

/**
 * What a small real HA's `hass.bus.async_listeners()` holds: the types every house has, and ones
 * that name integrations (zha, mobile_app) and internals (automations, the recorder's timers).
 */
const BUS_LISTENERS: ReadonlyArray<readonly [string, number]> = [
  ["homeassistant_start", 6],
  ["homeassistant_started", 14],
  ["homeassistant_stop", 31],
  ["homeassistant_final_write", 4],
  ["core_config_updated", 3],
  ["component_loaded", 2],
  ["service_registered", 2],
  ["state_changed", 58],
  ["call_service", 1],
  ["automation_triggered", 1],
  ["zha_event", 2],
  ["mobile_app_notification_action", 3],
  ["entity_registry_updated", 9],
  ["device_registry_updated", 6],
  ["area_registry_updated", 2],
];

function parseObject(raw: string | null): Record<string, unknown> | null {
  try {
    const data: unknown = raw === null || raw === "" ? null : JSON.parse(raw);
    return typeof data === "object" && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** APIEntityStateView.post: 201 for a new entity, 200 otherwise, with a Location header. */
async function postState(req: IncomingMessage, res: ServerResponse, host: ConnectionHost, entityId: string) {
  const data = parseObject(await readBody(req, MAX_BODY_BYTES));
  if (data === null) return json(res, 400, JSON.stringify({ message: "State data should be a JSON object" }));
  if (data.state === undefined || data.state === null) {
    return json(res, 400, JSON.stringify({ message: "No state attribute specified." }));
  }
  const isNew = host.store.getState(entityId) === undefined;
  const attributes = (data.attributes ?? {}) as Record<string, unknown>;
  host.store.setState(entityId, String(data.state), attributes);
  const state = host.store.getState(entityId);
  return json(res, isNew ? 201 : 200, state ? stateJson(state) : "null", {
    Location: `/api/states/${entityId}`,
  });
}

export function apiRest(
  req: IncomingMessage,
  res: ServerResponse,
  host: ConnectionHost,
  url: URL,
): Promise<void> | void | false {
  const path = url.pathname;
  if (req.method === "GET" && path === "/api/services") {
    const services = JSON.parse(host.servicesJson()) as Record<string, unknown>;
    const list = Object.entries(services).map(([domain, described]) => ({ domain, services: described }));
    return json(res, 200, JSON.stringify(list));
  }
  if (req.method === "GET" && path === "/api/events") {
    const list = BUS_LISTENERS.map(([event, count]) => ({ event, listener_count: count }));
    return json(res, 200, JSON.stringify(list));
  }
  if (req.method === "GET" && path === "/api/core/state") {
    const recorder_state = { migration_in_progress: false, migration_is_live: false };
    return json(res, 200, JSON.stringify({ state: host.config().state, recorder_state }));
  }
  if (req.method === "GET" && path === "/api/components") {
    return json(res, 200, JSON.stringify(host.config().components ?? []));
  }
  if (req.method === "POST" && path.startsWith("/api/states/")) {
    return postState(req, res, host, decodeURIComponent(path.slice("/api/states/".length)));
  }
  return false;
}
