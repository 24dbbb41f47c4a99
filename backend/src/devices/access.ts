import { type EntityAccess, effectiveAccess, type Scope } from "hasync";
import type { CallServiceRequest } from "../ha/types.js";
import { actsOn, type DispatchView } from "./dispatch.js";
import { membersOf, type StateView } from "./members.js";
import { CallRefused, type CallTarget, domainOf } from "./targets.js";

/**
 * Access per entity and per domain (issue 15), on top of the scope's entity set: which resolved
 * entities a call may act on, and which of them wait for the admin. `hidden` never gets this far:
 * `resolveScope` leaves hidden entities out, so for the device they are not there at all.
 */

/** One entity's access under a scope; a cover's `device_class` decides whether control means confirm. */
export const accessIn = (scope: Scope, entityId: string, view: StateView): EntityAccess =>
  effectiveAccess(scope, entityId, view.getState(entityId)?.attributes.device_class);

/** Control and confirm both let a call through (confirm after the admin's yes); read and hidden never. */
export const mayAct = (access: EntityAccess): boolean => access === "control" || access === "confirm";

const rulesSay = (scope: Scope, access: EntityAccess): boolean =>
  [scope.domain_access, scope.entity_access].some(
    (rules) => rules !== undefined && Object.values(rules).includes(access),
  );

/** Whether the scope's rules hide anything (so resolving a scope without hidden rules skips the check). */
export const hidesAny = (scope: Scope): boolean => rulesSay(scope, "hidden");

/**
 * Whether anything under the scope could be acted on: a control scope, or a read scope with a
 * control or confirm rule. A plain read-only scope is refused at once, without a walk.
 */
export const mayActOnAny = (scope: Scope): boolean =>
  scope.access === "control" || rulesSay(scope, "control") || rulesSay(scope, "confirm");

/**
 * Whether some resolved entity of `domain` (any domain when null) may be acted on. The device
 * class only turns control into confirm, so it is not read here.
 */
export function actsInDomain(scope: Scope, resolved: ReadonlySet<string>, domain: string | null): boolean {
  for (const id of resolved) {
    if ((domain === null || domainOf(id) === domain) && mayAct(effectiveAccess(scope, id))) return true;
  }
  return false;
}

/**
 * Adds to `out` the in-scope entities a call on `entityId` acts on: it and the members of its groups
 * that `keep` accepts, and everything a scene among them sets. `requireWhole`/`inScopeLeaves` have
 * already bounded the nesting; the seen set bounds the walk by the scope's size.
 */
function reach(
  entityId: string,
  resolved: ReadonlySet<string>,
  view: StateView,
  keep: (id: string) => boolean,
  out: Set<string>,
): void {
  const seen = new Set<string>();
  const visit = (id: string, all: boolean): void => {
    if (seen.has(id) || !resolved.has(id)) return;
    seen.add(id);
    const kept = all || keep(id);
    if (kept) out.add(id);
    // A scene the call acts on sets every entity it lists, whatever their domain; a scene it does
    // not act on sets nothing. A group passes the call on to its members of the domains the call
    // acts on (helpers/service.py entity_service_call).
    const scene = domainOf(id) === "scene";
    if (scene && !kept) return;
    for (const member of membersOf(view.getState(id)) ?? []) visit(member, all || scene);
  };
  visit(entityId, false);
}

/**
 * The in-scope entities a call acts on, as Home Assistant checks a non-admin's call
 * (`helpers/service.py entity_service_call` raises Unauthorized for any referenced entity,
 * named or reached through a device, area, floor or label, that the user may not control): the
 * named and reached entities of the domains the call acts on, the members of groups among them,
 * everything a scene among them sets, and every entity named in the service data (with what it
 * reaches), which HAsync cannot tell apart from one the call acts on.
 */
export function callSubjects(
  request: CallServiceRequest,
  target: CallTarget,
  resolved: ReadonlySet<string>,
  view: DispatchView,
  dataRefs: Iterable<string>,
): Set<string> {
  const acts = actsOn(request, view);
  const keep = (id: string) => acts(id, false);
  const out = new Set<string>();
  for (const id of target.entityIds) reach(id, resolved, view, keep, out);
  for (const id of view.indirectlyReferenced(target.selection)) reach(id, resolved, view, keep, out);
  for (const id of dataRefs) reach(id, resolved, view, () => true, out);
  return out;
}

/** The entities a script's own service (`script.good_night`) acts on: the script, and its data's. */
export function scriptSubjects(
  scriptId: string,
  resolved: ReadonlySet<string>,
  view: StateView,
  dataRefs: Iterable<string>,
): Set<string> {
  const out = new Set<string>([scriptId]);
  for (const id of dataRefs) reach(id, resolved, view, () => true, out);
  return out;
}

/**
 * The access check of one call: any read (or hidden) entity among those it acts on refuses the
 * whole call, as HA refuses a call naming one entity the user may not control; otherwise the
 * entities on `confirm` are returned (sorted), and the call waits for the admin if there are any.
 * The reason names only in-scope entities, so it tells the device nothing it could not see.
 */
export function requireAccess(scope: Scope, subjects: Iterable<string>, view: StateView): string[] {
  const confirm: string[] = [];
  for (const id of subjects) {
    const access = accessIn(scope, id, view);
    if (access === "confirm") confirm.push(id);
    else if (access !== "control") throw new CallRefused(`${id} is read-only for this device`);
  }
  return confirm.sort();
}
