import { effectiveAccess, type Scope } from "hasync";
import type { CallServiceRequest, HaMirror, HaServices } from "../ha/types.js";
import {
  accessIn,
  actsInDomain,
  callSubjects,
  hidesAny,
  mayAct,
  mayActOnAny,
  requireAccess,
  scriptSubjects,
} from "./access.js";
import { entityRefsInData, type ServiceDataView } from "./data-refs.js";
import { actedOn, type DispatchView, HOMEASSISTANT_GENERIC, isGeneric } from "./dispatch.js";
import { type LimitsView, limitRefusal } from "./limits.js";
import { requireWhole } from "./members.js";
import { CallRefused, domainOf, readTarget, shown, TARGET_KEYS } from "./targets.js";
import type { ServiceDecision } from "./types.js";

/** The parts of the mirror scope resolution reads. */
export type ScopeView = Pick<HaMirror, "entitiesInArea" | "entitiesOfDevice" | "getState" | "areaOf">;

/**
 * Entities a scope gives now: (entities in its areas ∪ listed entities that exist) − excluded −
 * hidden. A hidden entity (its own or its domain's rule, guard.ts) is left out here, so every
 * surface that reads the resolved set (states, registries, history, cameras, the admin's preview)
 * treats it as out of the scope.
 */
export function resolveScope(scope: Scope, view: ScopeView): Set<string> {
  const out = new Set<string>();
  for (const areaId of scope.areas) for (const id of view.entitiesInArea(areaId)) out.add(id);
  for (const id of scope.entities) if (view.getState(id)) out.add(id);
  for (const id of scope.exclude) out.delete(id);
  if (hidesAny(scope)) for (const id of out) if (accessIn(scope, id, view) === "hidden") out.delete(id);
  return out;
}

/** Whether one entity belongs to a scope now (for incremental updates as entities come and go). */
export function scopeIncludes(scope: Scope, view: ScopeView, entityId: string): boolean {
  if (scope.exclude.includes(entityId) || !view.getState(entityId)) return false;
  if (accessIn(scope, entityId, view) === "hidden") return false;
  const area = view.areaOf(entityId);
  return scope.entities.includes(entityId) || (area !== null && scope.areas.includes(area));
}

const refuse = (reason: string): ServiceDecision => ({ ok: false, reason });

/** What deciding a call reads from the mirror. */
export type CallView = DispatchView & ServiceDataView & LimitsView;

/** A call the scope allows, rewritten, with the acted-on entities that wait for the admin. */
interface Decided {
  request: CallServiceRequest;
  confirm: string[];
}

/**
 * Decides a service call against a scope: a forwarded call may change only entities in the scope,
 * each of which the device may act on (access.ts), with values within the device's limits
 * (limits.ts). Allowed calls are rewritten to an explicit list of in-scope entity ids (HA then
 * expands no device, area, floor, label or group itself), and every entity id named inside the
 * service data must be in the scope too. A limit is checked only once the access allows the call.
 */
export function authorizeServiceCall(
  scope: Scope,
  resolved: ReadonlySet<string>,
  asked: CallServiceRequest,
  view: CallView,
): ServiceDecision {
  if (!mayActOnAny(scope)) return refuse("this device has read-only access");
  // HA lowercases the domain and service it is asked for (core.py ServiceRegistry.async_call):
  // decide on that spelling, so `script.RELOAD` is the targetless `script.reload` it runs as.
  const request = { ...asked, domain: asked.domain.toLowerCase(), service: asked.service.toLowerCase() };
  const name = `${request.domain}.${request.service}`;
  if (scope.services && !scope.services.includes(name))
    return refuse(`${name} is not allowed for this device`);
  let decided: Decided;
  try {
    decided = decide(scope, request, resolved, view);
  } catch (error) {
    if (error instanceof CallRefused) return refuse(error.message);
    throw error;
  }
  const overLimit = limitRefusal(scope.limits, decided.request, view);
  if (overLimit !== null) return { ok: false, reason: overLimit, tell: "limit" };
  return { ok: true, request: decided.request, confirm: decided.confirm };
}

function decide(
  scope: Scope,
  request: CallServiceRequest,
  resolved: ReadonlySet<string>,
  view: CallView,
): Decided {
  const script = scriptOwnService(scope, request, resolved, view);
  if (script !== null) return script;
  const target = readTarget(request);
  if (target === null) throw new CallRefused("a target entity is required");
  const description = view.services()[request.domain]?.[request.service];
  if (description !== undefined && !actsOnTargets(description)) {
    throw new CallRefused(
      `${request.domain}.${request.service} does not act on its target, so it cannot be kept to this device's scope`,
    );
  }
  const refs = entityRefsInData(request.service_data, view);
  for (const id of refs) requireWhole(id, resolved, view);
  const entityIds = actedOn(request, target, resolved, view);
  const confirm = requireAccess(scope, callSubjects(request, target, resolved, view, refs), view);
  if (entityIds.length === 0) return { request: noOp(scope, request, resolved, view), confirm };
  const data = { ...(request.service_data ?? {}) };
  for (const key of TARGET_KEYS) delete data[key];
  return { request: forwarded(request, data, entityIds), confirm };
}

/** The script domain's own services; every other `script.<name>` service runs that one script. */
const SCRIPT_DOMAIN_SERVICES = new Set(["turn_on", "turn_off", "toggle", "reload"]);

/**
 * A script's own service (`script.good_night`): HA registers one per script, which runs exactly
 * that script with the call's data as its variables and takes no target (core
 * `components/script/__init__.py`, `async_register` of each script's object id). It is allowed
 * when that script is in the scope, with the script entity's access; ids in its variables are
 * checked like any service data. What the script then does is opaque to HAsync (DOCS.md says so
 * where a script can be allowed).
 */
function scriptOwnService(
  scope: Scope,
  request: CallServiceRequest,
  resolved: ReadonlySet<string>,
  view: CallView,
): Decided | null {
  const { service } = request;
  if (request.domain !== "script" || SCRIPT_DOMAIN_SERVICES.has(service)) return null;
  const scriptId = `script.${service}`;
  if (!resolved.has(scriptId)) return null;
  if (request.target !== undefined) throw new CallRefused(`script.${shown(service)} takes no target`);
  const refs = entityRefsInData(request.service_data, view);
  for (const id of refs) requireWhole(id, resolved, view);
  const confirm = requireAccess(scope, scriptSubjects(scriptId, resolved, view, refs), view);
  const rewritten: CallServiceRequest = {
    domain: "script",
    service,
    service_data: { ...(request.service_data ?? {}) },
    ...(request.return_response !== undefined ? { return_response: request.return_response } : {}),
  };
  return { request: rewritten, confirm };
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
 * services HA has in domains where the device may act on something (any domain for
 * homeassistant's generic services). Anything else is refused.
 */
function noOp(
  scope: Scope,
  request: CallServiceRequest,
  resolved: ReadonlySet<string>,
  view: CallView,
): CallServiceRequest {
  const known = view.services()[request.domain]?.[request.service] !== undefined;
  const domain = isGeneric(request) ? null : request.domain;
  if (!known || ![...resolved].some((id) => domain === null || domainOf(id) === domain))
    throw new CallRefused("nothing in this device's scope matches the target");
  if (!actsInDomain(scope, resolved, domain))
    throw new CallRefused(
      domain === null
        ? "everything in this device's scope is read-only"
        : `every ${domain} entity in this device's scope is read-only`,
    );
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

/**
 * `get_services` for a device, entity services only: the services of each domain in which it may
 * act on some entity (control or confirm), homeassistant's generic ones when it may act on any,
 * and the own service of each script it may run.
 */
export function allowedServices(scope: Scope, resolved: ReadonlySet<string>, all: HaServices): HaServices {
  if (resolved.size === 0 || !mayActOnAny(scope)) return {};
  // The device class only turns control into confirm, so acting entities are known without states.
  const acting = [...resolved].filter((id) => mayAct(effectiveAccess(scope, id)));
  if (acting.length === 0) return {};
  const out: HaServices = {};
  const add = (domain: string, service: string, description: unknown) => {
    if (!actsOnTargets(description) || (scope.services && !scope.services.includes(`${domain}.${service}`)))
      return;
    const services = out[domain] ?? {};
    services[service] = description;
    out[domain] = services;
  };
  for (const domain of new Set(acting.map(domainOf))) {
    for (const [service, description] of Object.entries(all[domain] ?? {})) add(domain, service, description);
  }
  for (const service of HOMEASSISTANT_GENERIC) add("homeassistant", service, all.homeassistant?.[service]);
  for (const id of acting) {
    const objectId = id.slice("script.".length);
    const description = all.script?.[objectId];
    if (!id.startsWith("script.") || SCRIPT_DOMAIN_SERVICES.has(objectId) || description === undefined)
      continue;
    if (scope.services && !scope.services.includes(`script.${objectId}`)) continue;
    out.script = { ...out.script, [objectId]: description };
  }
  return out;
}
