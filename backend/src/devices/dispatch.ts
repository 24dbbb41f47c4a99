import type { CallServiceRequest, HaMirror } from "../ha/types.js";
import { inScopeLeaves, membersOf, requireWhole } from "./members.js";
import { CallRefused, type CallTarget, domainOf, shown } from "./targets.js";

export type DispatchView = Pick<HaMirror, "getState" | "indirectlyReferenced" | "services">;

/** `homeassistant.turn_on/turn_off/toggle` act on any domain's entities. */
export const HOMEASSISTANT_GENERIC: ReadonlySet<string> = new Set(["turn_on", "turn_off", "toggle"]);

export const isGeneric = (request: CallServiceRequest): boolean =>
  request.domain === "homeassistant" && HOMEASSISTANT_GENERIC.has(request.service);

/**
 * Which reached entities the service really acts on, as HA dispatches it:
 * - `homeassistant.turn_on/off/toggle` (`components/homeassistant/__init__.py
 *   async_handle_turn_service`) calls each domain's own service, skipping the homeassistant domain
 *   and domains that lack the service (a scene has no `turn_off`);
 * - any other service acts only on its own domain's entities (`helpers/service.py
 *   entity_service_call` intersects the referenced ids with the domain's entities), so
 *   `switch.turn_on {area_id: kitchen}` turns on the kitchen's switches and leaves its lights.
 * An entity the device named itself in another domain is refused rather than silently skipped,
 * so a mistaken call says why.
 */
export function actsOn(
  request: CallServiceRequest,
  view: DispatchView,
): (id: string, named: boolean) => boolean {
  const name = `${request.domain}.${request.service}`;
  if (isGeneric(request)) {
    const services = view.services();
    const known = Object.keys(services).length > 0;
    return (id) => {
      const domain = domainOf(id);
      return domain !== "homeassistant" && (!known || services[domain]?.[request.service] !== undefined);
    };
  }
  return (id, named) => {
    if (domainOf(id) === request.domain) return true;
    if (named) throw new CallRefused(`${name} cannot act on ${id}: only ${domainOf(id)} services may`);
    return false;
  };
}

/**
 * The in-scope entities a call changes, which the forwarded call names explicitly so that HA
 * expands nothing itself. An explicitly named entity must be in the scope; devices, areas, floors
 * and labels expand (through the registries) to the in-scope entities of what HA would act on, so
 * a device never learns that an area also holds entities hidden from it. Groups become their
 * in-scope members; a scene is allowed only when everything it sets is in the scope.
 */
export function actedOn(
  request: CallServiceRequest,
  target: CallTarget,
  resolved: ReadonlySet<string>,
  view: DispatchView,
): string[] {
  for (const id of target.entityIds) {
    if (!resolved.has(id)) throw new CallRefused(`${shown(id)} is not in this device's scope`);
  }
  // entity id → named by the device itself (not reached through a group, device or area)
  const reached = new Map<string, boolean>();
  const reach = (id: string, named: boolean) => {
    for (const leaf of inScopeLeaves(id, resolved, view)) {
      reached.set(leaf, (reached.get(leaf) ?? false) || (named && leaf === id));
    }
  };
  for (const id of target.entityIds) reach(id, true);
  for (const id of view.indirectlyReferenced(target.selection)) if (resolved.has(id)) reach(id, false);
  const acts = actsOn(request, view);
  const out = [...reached].filter(([id, named]) => acts(id, named)).map(([id]) => id);
  for (const id of out) if (membersOf(view.getState(id)) !== null) requireWhole(id, resolved, view);
  return out;
}
