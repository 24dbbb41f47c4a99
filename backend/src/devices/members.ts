import type { HaState } from "../ha/types.js";
import { CallRefused, domainOf, shown } from "./targets.js";

export interface StateView {
  getState(entityId: string): HaState | undefined;
}

/** HA follows nested groups without a limit; a device must not make HAsync do the same. */
const MAX_NESTING = 16;

/**
 * The entities an entity acts on, from its `entity_id` attribute: old-style groups
 * (`components/group/__init__.py`), the light/switch/cover/fan/lock/media_player… groups
 * (`components/group/light.py` and siblings put their members in `ATTR_ENTITY_ID`), and scenes
 * (`components/homeassistant/scene.py` lists the entities a scene sets). null: it acts on itself.
 */
export function membersOf(state: HaState | undefined): string[] | null {
  const list = state?.attributes.entity_id;
  if (!Array.isArray(list)) return null;
  return list.filter((v): v is string => typeof v === "string").map((v) => v.trim().toLowerCase());
}

/**
 * What a call on an in-scope entity changes, with groups replaced by their members as HA's own
 * `helpers/group.py expand_entity_ids` does for every explicitly targeted group (and as a light or
 * switch group does when it forwards the call to its members). Only in-scope members are kept and
 * followed: for this device an out-of-scope member is absent, so the call is rewritten to the
 * members it may change. A toggle therefore toggles each member on its own, as HA does once a group
 * is expanded. Scenes are not groups: they stay whole, for `requireWhole`.
 */
export function inScopeLeaves(entityId: string, resolved: ReadonlySet<string>, view: StateView): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string, depth: number): void => {
    if (seen.has(id) || !resolved.has(id)) return;
    seen.add(id);
    const members = domainOf(id) === "scene" ? null : membersOf(view.getState(id));
    if (members === null) {
      out.push(id);
      return;
    }
    if (depth >= MAX_NESTING) throw new CallRefused(`${entityId} nests groups too deeply to check`);
    for (const member of members) visit(member, depth + 1);
  };
  visit(entityId, 0);
  return out;
}

/**
 * For effects that cannot be narrowed — a scene sets every entity it lists; an entity named in
 * service data is passed on as it is — the entity and everything it reaches through groups and
 * scenes must be in the scope. A member HA no longer has (no state) changes nothing and is skipped.
 */
export function requireWhole(entityId: string, resolved: ReadonlySet<string>, view: StateView): void {
  if (!resolved.has(entityId)) throw new CallRefused(`${shown(entityId)} is not in this device's scope`);
  const seen = new Set<string>();
  const visit = (id: string, depth: number): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const state = view.getState(id);
    if (state === undefined) return;
    if (!resolved.has(id)) throw new CallRefused(`${entityId} acts on entities outside this device's scope`);
    const members = membersOf(state);
    if (members === null) return;
    if (depth >= MAX_NESTING) throw new CallRefused(`${entityId} nests groups too deeply to check`);
    for (const member of members) visit(member, depth + 1);
  };
  visit(entityId, 0);
}
