import type { Scope } from "hasync";
import type { CallServiceRequest, HaMirror, HaServices } from "../ha/types.js";
import type { ServiceDecision } from "./types.js";

/** The parts of the mirror scope resolution reads. */
export type ScopeView = Pick<HaMirror, "entitiesInArea" | "entitiesOfDevice" | "getState" | "areaOf">;

const HOMEASSISTANT_GENERIC = new Set(["turn_on", "turn_off", "toggle"]);
const TARGET_KEYS = ["entity_id", "device_id", "area_id", "floor_id", "label_id"] as const;

export const domainOf = (entityId: string): string => entityId.slice(0, entityId.indexOf("."));

/** Entities a scope gives now: (entities in its areas ∪ listed entities that exist) − excluded. */
export function resolveScope(scope: Scope, view: ScopeView): Set<string> {
  const out = new Set<string>();
  for (const areaId of scope.areas) for (const id of view.entitiesInArea(areaId)) out.add(id);
  for (const id of scope.entities) if (view.getState(id)) out.add(id);
  for (const id of scope.exclude) out.delete(id);
  return out;
}

/** Whether one entity belongs to a scope now (for incremental updates as entities come and go). */
export function scopeIncludes(scope: Scope, view: ScopeView, entityId: string): boolean {
  if (scope.exclude.includes(entityId) || !view.getState(entityId)) return false;
  const area = view.areaOf(entityId);
  return scope.entities.includes(entityId) || (area !== null && scope.areas.includes(area));
}

/** HA accepts one id, a list, or a comma-separated string. */
function idList(value: unknown): string[] | null {
  if (value === undefined) return [];
  const raw = typeof value === "string" ? value.split(",") : value;
  if (!Array.isArray(raw) || !raw.every((v): v is string => typeof v === "string")) return null;
  return raw.map((v) => v.trim()).filter((v) => v !== "");
}

const refuse = (reason: string): ServiceDecision => ({ ok: false, reason });

/** Expands every target (entity/device/area, in `target` or `service_data`) to entity ids. */
function expandTargets(request: CallServiceRequest, view: ScopeView): Set<string> | string {
  const sources = [request.target ?? {}, request.service_data ?? {}] as Record<string, unknown>[];
  const out = new Set<string>();
  for (const source of sources) {
    const [entities, devices, areas, floors, labels] = TARGET_KEYS.map((k) => idList(source[k]));
    if (!entities || !devices || !areas || !floors || !labels) return "targets must be ids or lists of ids";
    if (floors.length > 0 || labels.length > 0)
      return "floor and label targets are not allowed; target entities";
    for (const id of entities) {
      if (id === "all" || id === "none") return `entity_id "${id}" is not allowed; name the entities`;
      out.add(id);
    }
    for (const deviceId of devices) for (const id of view.entitiesOfDevice(deviceId)) out.add(id);
    for (const areaId of areas) for (const id of view.entitiesInArea(areaId)) out.add(id);
    if (devices.length + areas.length > 0 && out.size === 0)
      return "the device or area target has no entities";
  }
  return out;
}

/**
 * Decides a service call against a scope. Allowed calls are rewritten to an explicit entity list,
 * so Home Assistant never expands an area or device itself beyond what HAsync checked.
 */
export function authorizeServiceCall(
  scope: Scope,
  resolved: ReadonlySet<string>,
  request: CallServiceRequest,
  view: ScopeView,
): ServiceDecision {
  if (scope.access !== "control") return refuse("this device has read-only access");
  const name = `${request.domain}.${request.service}`;
  if (scope.services && !scope.services.includes(name))
    return refuse(`${name} is not allowed for this device`);
  const targets = expandTargets(request, view);
  if (typeof targets === "string") return refuse(targets);
  if (targets.size === 0) return refuse("a target entity is required");
  const generic = request.domain === "homeassistant" && HOMEASSISTANT_GENERIC.has(request.service);
  for (const id of targets) {
    if (!resolved.has(id)) return refuse(`${id} is not in this device's scope`);
    if (!generic && domainOf(id) !== request.domain) {
      return refuse(`${name} cannot act on ${id}: only ${domainOf(id)} services may`);
    }
  }
  const data = { ...(request.service_data ?? {}) };
  for (const key of TARGET_KEYS) delete data[key];
  return {
    ok: true,
    request: {
      domain: request.domain,
      service: request.service,
      service_data: data,
      target: { entity_id: [...targets] },
      ...(request.return_response !== undefined ? { return_response: request.return_response } : {}),
    },
  };
}

/** `get_services` for a device: its entities' domains (+ homeassistant's generic ones). */
export function allowedServices(scope: Scope, resolved: ReadonlySet<string>, all: HaServices): HaServices {
  if (scope.access !== "control" || resolved.size === 0) return {};
  const out: HaServices = {};
  const add = (domain: string, service: string, description: unknown) => {
    if (description === undefined || (scope.services && !scope.services.includes(`${domain}.${service}`)))
      return;
    const services = out[domain] ?? {};
    services[service] = description;
    out[domain] = services;
  };
  for (const domain of new Set([...resolved].map(domainOf))) {
    for (const [service, description] of Object.entries(all[domain] ?? {})) add(domain, service, description);
  }
  for (const service of HOMEASSISTANT_GENERIC) add("homeassistant", service, all.homeassistant?.[service]);
  return out;
}
