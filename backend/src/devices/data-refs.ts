import type { HaMirror } from "../ha/types.js";
import { CallRefused, domainOf, shown, TARGET_KEYS } from "./targets.js";

export type ServiceDataView = Pick<HaMirror, "getState" | "entityEntry" | "services" | "registryDomains">;

/** HA's entity id shape (`core.py valid_entity_id`), checked after lowercasing like `cv.entity_id`. */
const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
/**
 * The walk is bounded on its own (the gateway also bounds what a device may send): data deeper or
 * larger than this is refused, never half-checked.
 */
const MAX_DEPTH = 32;
const MAX_NODES = 10_000;
/** Non-entity target keys: HA expands them only as the call's own target. */
const NESTED_TARGETS = new Set<string>(TARGET_KEYS.filter((key) => key !== "entity_id"));

/**
 * Entity ids named anywhere in service data besides its top-level target keys: `group_members`
 * (`components/media_player/__init__.py` validates it with `cv.entity_ids`), the keys of
 * `entities` (`components/homeassistant/scene.py` `scene.apply`), `Entity_ID` or `LIGHT.X` spelt
 * in other cases, a `target` object nested in the data, script variables. HA's validators
 * (`cv.entity_id`, `cv.entity_ids`) take a string that is an id, or ids separated by commas, in
 * any case; so does this, for every string and every object key.
 *
 * A string counts when HA knows the entity (a state or a registry entry) or when its domain is one
 * HA has (an integration with services, or registry entries): `lock.garage` is checked even if no
 * such lock exists yet, so a device cannot probe which entities exist outside its scope, while a
 * value like `song.mp3` passes. Device, area, floor and label ids inside the data are refused:
 * HAsync could not narrow them to the scope.
 */
export function entityRefsInData(
  data: Record<string, unknown> | undefined,
  view: ServiceDataView,
): Set<string> {
  const refs = new Set<string>();
  const services = view.services();
  const domains = view.registryDomains();
  let nodes = 0;
  const spend = (count: number) => {
    nodes += count;
    if (nodes > MAX_NODES) throw new CallRefused("service data is too large to check against the scope");
  };
  const consider = (text: string, entityField: boolean) => {
    const parts = text.split(",");
    spend(parts.length);
    for (const part of parts) {
      const id = part.trim().toLowerCase();
      if (entityField && id === "all")
        throw new CallRefused(`entity_id "all" is not allowed; name the entities`);
      if (!ENTITY_ID.test(id)) continue;
      const domain = domainOf(id);
      const known = view.getState(id) ?? view.entityEntry(id);
      if (known !== undefined || Object.hasOwn(services, domain) || domains.has(domain)) refs.add(id);
    }
  };
  const walk = (value: unknown, depth: number, entityField: boolean): void => {
    spend(1);
    if (typeof value === "string") {
      consider(value, entityField);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    if (depth >= MAX_DEPTH)
      throw new CallRefused("service data is nested too deeply to check against the scope");
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1, entityField);
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (depth === 0 && (TARGET_KEYS as readonly string[]).includes(key)) continue;
      const lower = key.toLowerCase();
      if (NESTED_TARGETS.has(lower)) {
        throw new CallRefused(
          `${shown(key)} inside service data is not allowed; give devices and areas as the target`,
        );
      }
      consider(key, false);
      walk(item, depth + 1, lower === "entity_id");
    }
  };
  walk(data ?? {}, 0, false);
  return refs;
}
