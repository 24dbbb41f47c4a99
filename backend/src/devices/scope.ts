import type { Scope } from "hasync";
import type { CallServiceRequest, HaMirror, HaServices } from "../ha/types.js";
import { entityRefsInData, type ServiceDataView } from "./data-refs.js";
import { actedOn, type DispatchView, HOMEASSISTANT_GENERIC, isGeneric } from "./dispatch.js";
import { requireWhole } from "./members.js";
import { CallRefused, domainOf, readTarget, shown, TARGET_KEYS } from "./targets.js";
import type { ServiceDecision } from "./types.js";

/** The parts of the mirror scope resolution reads. */
export type ScopeView = Pick<HaMirror, "entitiesInArea" | "entitiesOfDevice" | "getState" | "areaOf">;

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

const refuse = (reason: string): ServiceDecision => ({ ok: false, reason });

/** What deciding a call reads from the mirror. */
export type CallView = DispatchView & ServiceDataView;

/**
 * Decides a service call against a scope: a forwarded call may change only entities in the scope.
 * Allowed calls are rewritten to an explicit list of in-scope entity ids (HA then expands no
 * device, area, floor, label or group itself), and every entity id named inside the service data
 * must be in the scope too.
 */
export function authorizeServiceCall(
  scope: Scope,
  resolved: ReadonlySet<string>,
  request: CallServiceRequest,
  view: CallView,
): ServiceDecision {
  if (scope.access !== "control") return refuse("this device has read-only access");
  const name = `${request.domain}.${request.service}`;
  if (scope.services && !scope.services.includes(name))
    return refuse(`${name} is not allowed for this device`);
  try {
    return { ok: true, request: decide(request, resolved, view), confirm: [] };
  } catch (error) {
    if (error instanceof CallRefused) return refuse(error.message);
    throw error;
  }
}

function decide(
  request: CallServiceRequest,
  resolved: ReadonlySet<string>,
  view: CallView,
): CallServiceRequest {
  const script = scriptOwnService(request, resolved, view);
  if (script !== null) return script;
  const target = readTarget(request);
  if (target === null) throw new CallRefused("a target entity is required");
  const description = view.services()[request.domain]?.[request.service];
  if (description !== undefined && !actsOnTargets(description)) {
    throw new CallRefused(
      `${request.domain}.${request.service} does not act on its target, so it cannot be kept to this device's scope`,
    );
  }
  for (const id of entityRefsInData(request.service_data, view)) requireWhole(id, resolved, view);
  const entityIds = actedOn(request, target, resolved, view);
  if (entityIds.length === 0) return noOp(request, resolved, view);
  const data = { ...(request.service_data ?? {}) };
  for (const key of TARGET_KEYS) delete data[key];
  return forwarded(request, data, entityIds);
}

/** The script domain's own services; every other `script.<name>` service runs that one script. */
const SCRIPT_DOMAIN_SERVICES = new Set(["turn_on", "turn_off", "toggle", "reload"]);

/**
 * A script's own service (`script.good_night`): HA registers one per script, which runs exactly
 * that script with the call's data as its variables and takes no target (core
 * `components/script/__init__.py`, `async_register` of each script's object id). It is allowed
 * when that script is in the scope; ids in its variables are checked like any service data. What
 * the script then does is opaque to HAsync (DOCS.md says so where a script can be allowed).
 */
function scriptOwnService(
  request: CallServiceRequest,
  resolved: ReadonlySet<string>,
  view: CallView,
): CallServiceRequest | null {
  const service = request.service.toLowerCase();
  if (request.domain.toLowerCase() !== "script" || SCRIPT_DOMAIN_SERVICES.has(service)) return null;
  if (!resolved.has(`script.${service}`)) return null;
  if (request.target !== undefined) throw new CallRefused(`script.${shown(service)} takes no target`);
  for (const id of entityRefsInData(request.service_data, view)) requireWhole(id, resolved, view);
  return {
    domain: "script",
    service,
    service_data: { ...(request.service_data ?? {}) },
    ...(request.return_response !== undefined ? { return_response: request.return_response } : {}),
  };
}

/**
 * Entity services say so in their description: `helpers/service.py async_get_all_descriptions`
 * copies services.yaml's `target`. A service without one (`script.reload`, `homeassistant.restart`,
 * `scene.create`) ignores the target and may act on anything, so no scope can hold it.
 */
const actsOnTargets = (description: unknown): boolean =>
  typeof description === "object" && description !== null && "target" in description;

/**
 * Nothing in the scope to act on. HA answers such a call with success and changes nothing
 * (`helpers/service.py entity_service_call` returns when no entity matched; with `return_response`
 * it raises "did not match any entities"), whether the area holds no such entity or only entities
 * hidden from this device; so HAsync forwards the same empty call, without its data, for entity
 * services HA has in the device's own domains. Anything else is refused.
 */
function noOp(
  request: CallServiceRequest,
  resolved: ReadonlySet<string>,
  view: CallView,
): CallServiceRequest {
  const known = view.services()[request.domain]?.[request.service] !== undefined;
  const ownDomain = isGeneric(request) || [...resolved].some((id) => domainOf(id) === request.domain);
  if (!known || !ownDomain) throw new CallRefused("nothing in this device's scope matches the target");
  return forwarded(request, {}, []);
}

const forwarded = (
  request: CallServiceRequest,
  data: Record<string, unknown>,
  entityIds: string[],
): CallServiceRequest => ({
  domain: request.domain,
  service: request.service,
  service_data: data,
  target: { entity_id: entityIds },
  ...(request.return_response !== undefined ? { return_response: request.return_response } : {}),
});

/** `get_services` for a device: its entities' domains (+ homeassistant's generic ones), entity services only. */
export function allowedServices(scope: Scope, resolved: ReadonlySet<string>, all: HaServices): HaServices {
  if (scope.access !== "control" || resolved.size === 0) return {};
  const out: HaServices = {};
  const add = (domain: string, service: string, description: unknown) => {
    if (!actsOnTargets(description) || (scope.services && !scope.services.includes(`${domain}.${service}`)))
      return;
    const services = out[domain] ?? {};
    services[service] = description;
    out[domain] = services;
  };
  for (const domain of new Set([...resolved].map(domainOf))) {
    for (const [service, description] of Object.entries(all[domain] ?? {})) add(domain, service, description);
  }
  for (const service of HOMEASSISTANT_GENERIC) add("homeassistant", service, all.homeassistant?.[service]);
  for (const id of resolved) {
    const objectId = id.slice("script.".length);
    const description = all.script?.[objectId];
    if (!id.startsWith("script.") || SCRIPT_DOMAIN_SERVICES.has(objectId) || description === undefined)
      continue;
    if (scope.services && !scope.services.includes(`script.${objectId}`)) continue;
    out.script = { ...out.script, [objectId]: description };
  }
  return out;
}
