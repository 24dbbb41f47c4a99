import { keyWords, memoByName } from "../ha/key-words.js";
import { MAX_DEPTH, pruneObjectWith } from "../ha/prune.js";
import type { HaMirror } from "../ha/types.js";

/**
 * Entity ids inside a state's attributes, wherever they are: a group's, scene's or light
 * group's `entity_id` list (`ATTR_ENTITY_ID`), a zone's `persons`, a person's `device_trackers`,
 * a media player's `group_members`, min_max's `min_entity_id`/`max_entity_id`/`last_entity_id`
 * (`components/min_max/sensor.py`), a template or statistics sensor's `source`, lists nested in
 * objects, objects keyed by entity id. A device must not learn from them that an entity outside
 * its scope exists.
 *
 * The rule, by shape: a string (a value at any depth, or an object key) is an entity reference
 * when it is a valid entity id (`homeassistant/core.py` `valid_entity_id`) and either sits under
 * a name that says it holds entities (`entity_id`, `*_entity_id`, `*_entities`, `group_members`,
 * `persons`, `device_trackers`…) or is the id of an entity HA knows (a state or an entity registry
 * entry). The second test keeps `source: "spotify.com"` or `file: "image.png"` intact unless an
 * entity of that id exists.
 */

/** HA's `VALID_ENTITY_ID`, the domain starting with a letter (domains are Python package names). */
const ENTITY_ID = /^(?!.+__)[a-z][\da-z_]*(?<!_)\.(?!_)[\da-z_]+(?<!_)$/;
/** `homeassistant/const.py` `MAX_LENGTH_STATE_ENTITY_ID`. */
const MAX_ENTITY_ID_LENGTH = 255;

function looksLikeEntityId(text: string): boolean {
  // An entity id starts with a lower-case letter and has a dot: most strings fail before the regex.
  const first = text.charCodeAt(0);
  if (first < 97 || first > 122 || text.length > MAX_ENTITY_ID_LENGTH) return false;
  return text.indexOf(".") > 0 && ENTITY_ID.test(text);
}

const ENTITY_LIST_NAMES = new Set(["group members", "members", "persons", "device trackers"]);

/** `entity_id`, `entity_ids`, `source_entity`, `linked_entities`, `minEntityId`, `group_members`… */
const namesEntities = memoByName((key) => {
  const words = keyWords(key);
  const last = words[words.length - 1] ?? "";
  if (last === "entity" || last === "entities" || last === "entityid" || last === "entityids") return true;
  if ((last === "id" || last === "ids") && words[words.length - 2] === "entity") return true;
  return ENTITY_LIST_NAMES.has(words.join(" "));
});

/** What the mirror answers: is this the id of an entity HA has (a state or a registry entry)? */
export type KnownEntities = Pick<HaMirror, "knowsEntity">;

export interface References {
  /** Every entity id in the attributes (other than the state's own), values and object keys. */
  readonly ids: ReadonlySet<string>;
  /** Those under a name that says it holds entities: references even when HA does not know them. */
  readonly named: ReadonlySet<string>;
}

/** Filled in only when an id turns up: most states name none and allocate nothing. */
interface Found {
  ids?: Set<string>;
  named?: Set<string>;
  readonly self: string;
}

function add(found: Found, id: string, named: boolean): void {
  if (id === found.self) return;
  found.ids ??= new Set();
  found.ids.add(id);
  if (!named) return;
  found.named ??= new Set();
  found.named.add(id);
}

const NONE: ReadonlySet<string> = new Set();

function scan(value: unknown, named: boolean, depth: number, found: Found): void {
  if (typeof value === "string") {
    if (looksLikeEntityId(value)) add(found, value, named);
    return;
  }
  if (typeof value !== "object" || value === null || depth >= MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) scan(item, named, depth + 1, found);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (looksLikeEntityId(key)) add(found, key, named);
    const item = object[key];
    // The name is looked at only for what may hold an id: most values are numbers and words.
    if (typeof item === "string") {
      if (looksLikeEntityId(item)) add(found, item, named || namesEntities(key));
    } else if (typeof item === "object" && item !== null) {
      scan(item, named || namesEntities(key), depth + 1, found);
    }
  }
}

/** The entity ids `attributes` of `entityId` name, or null when they name none (the common case). */
export function findReferences(entityId: string, attributes: Record<string, unknown>): References | null {
  const found: Found = { self: entityId };
  scan(attributes, false, 0, found);
  return found.ids === undefined ? null : { ids: found.ids, named: found.named ?? NONE };
}

/** The referenced ids this device may not learn of, or null when it may see them all. */
export function hiddenIds(
  references: References,
  visible: ReadonlySet<string>,
  known: KnownEntities | undefined,
): ReadonlySet<string> | null {
  let hidden: Set<string> | undefined;
  for (const id of references.ids) {
    if (visible.has(id)) continue;
    // Without the mirror to ask, every entity-shaped string counts: leaving too much out is safe.
    if (known !== undefined && !references.named.has(id) && !known.knowsEntity(id)) continue;
    hidden ??= new Set();
    hidden.add(id);
  }
  return hidden ?? null;
}

/**
 * The attributes without `hidden`: a single-id attribute is left out, lists are filtered, an
 * object keyed by entity id loses those keys.
 */
export const withoutIds = (attributes: Record<string, unknown>, hidden: ReadonlySet<string>) =>
  pruneObjectWith(attributes, {
    dropString: (text) => hidden.has(text),
    dropProperty: (key) => hidden.has(key),
  });
