import type { Scope } from "hasync";

/**
 * The scope picker's logic, as pure functions over (catalog, scope) → scope. A scope is
 * `areas ∪ entities − exclude` (see hasync `ScopeSchema`): picking an area keeps entities that
 * move into it later, so the picker prefers whole areas with exclusions over long entity lists,
 * like Home Assistant's "Expose entities" screen.
 */
export interface PickerEntity {
  entity_id: string;
  name: string;
  domain: string;
  area_id: string | null;
  state?: string;
  /** Its `device_class` attribute: a garage door's or a gate's asks first by default (issue 15). */
  device_class?: unknown;
}

export interface PickerArea {
  area_id: string;
  name: string;
}

/** Key of the group of entities without a (known) area. Never a real area id: those are non-empty. */
export const NO_AREA = "";

export interface Catalog {
  areas: PickerArea[];
  entities: PickerEntity[];
  byId: Map<string, PickerEntity>;
  /** Entities by group key: their area id, or NO_AREA. */
  byGroup: Map<string, PickerEntity[]>;
  areaNames: Map<string, string>;
}

export interface Group {
  key: string;
  name: string;
  /** False for the "No area" group, which can only be picked entity by entity. */
  isArea: boolean;
  /** Entities shown under the current search and domain filter. */
  visible: PickerEntity[];
  total: number;
  selected: number;
  /** The area itself is in the scope (entities added to it later are included too). */
  whole: boolean;
  state: "all" | "some" | "none";
}

export interface Filter {
  search: string;
  /** Empty means every domain. */
  domains: ReadonlySet<string>;
}

const byName = <T extends { name: string }>(a: T, b: T) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: "base", numeric: true });

export function emptyScope(): Scope {
  return { areas: [], entities: [], exclude: [], access: "read" };
}

export function buildCatalog(areas: PickerArea[], entities: PickerEntity[]): Catalog {
  const sortedAreas = [...areas].sort(byName);
  const areaNames = new Map(sortedAreas.map((a) => [a.area_id, a.name]));
  const sorted = [...entities].sort(byName);
  const byGroup = new Map<string, PickerEntity[]>();
  for (const e of sorted) {
    const key = e.area_id !== null && areaNames.has(e.area_id) ? e.area_id : NO_AREA;
    const list = byGroup.get(key);
    if (list) list.push(e);
    else byGroup.set(key, [e]);
  }
  return {
    areas: sortedAreas,
    entities: sorted,
    byId: new Map(sorted.map((e) => [e.entity_id, e])),
    byGroup,
    areaNames,
  };
}

interface ScopeSets {
  areas: Set<string>;
  entities: Set<string>;
  exclude: Set<string>;
}

const setsOf = (scope: Scope): ScopeSets => ({
  areas: new Set(scope.areas),
  entities: new Set(scope.entities),
  exclude: new Set(scope.exclude),
});

/** A copy of a record with its keys in order, so equal rule maps serialise the same. */
function byKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The scope with its lists from `sets`; everything else it carries (services, guard rails) kept. */
function fromSets(scope: Scope, sets: ScopeSets): Scope {
  const sorted = (s: Set<string>) => [...s].sort();
  const next: Scope = {
    areas: sorted(sets.areas),
    entities: sorted(sets.entities),
    exclude: sorted(sets.exclude),
    access: scope.access,
  };
  if (scope.services !== undefined) next.services = scope.services;
  if (scope.domain_access !== undefined) next.domain_access = byKey(scope.domain_access);
  if (scope.entity_access !== undefined) next.entity_access = byKey(scope.entity_access);
  if (scope.limits !== undefined) {
    const ranges = Object.entries(scope.limits).map(([key, range]) => [key, byKey(range)]);
    next.limits = byKey(Object.fromEntries(ranges)) as Scope["limits"];
  }
  return next;
}

function selectedIn(sets: ScopeSets, e: PickerEntity): boolean {
  if (sets.exclude.has(e.entity_id)) return false;
  return sets.entities.has(e.entity_id) || (e.area_id !== null && sets.areas.has(e.area_id));
}

/** Whether the device would see this entity under the scope. */
export function isSelected(scope: Scope, e: PickerEntity): boolean {
  return selectedIn(setsOf(scope), e);
}

/** The entity ids of the catalog the scope selects. */
export function selectedIds(scope: Scope, catalog: Catalog): Set<string> {
  const sets = setsOf(scope);
  return new Set(catalog.entities.filter((e) => selectedIn(sets, e)).map((e) => e.entity_id));
}

/** A scope with duplicates removed and lists sorted, so equal scopes compare equal. */
export function normalizeScope(scope: Scope): Scope {
  return fromSets(scope, setsOf(scope));
}

export function sameScope(a: Scope, b: Scope): boolean {
  return JSON.stringify(normalizeScope(a)) === JSON.stringify(normalizeScope(b));
}

/** Select or clear a whole area; entity-level picks inside it are folded into the area choice. */
export function toggleArea(scope: Scope, catalog: Catalog, areaId: string, on: boolean): Scope {
  const sets = setsOf(scope);
  if (on) sets.areas.add(areaId);
  else sets.areas.delete(areaId);
  for (const e of catalog.entities) {
    if (e.area_id !== areaId) continue;
    sets.entities.delete(e.entity_id);
    sets.exclude.delete(e.entity_id);
  }
  return fromSets(scope, sets);
}

function setEntity(sets: ScopeSets, catalog: Catalog, id: string, on: boolean): void {
  const e = catalog.byId.get(id);
  const viaArea = e !== undefined && e.area_id !== null && sets.areas.has(e.area_id);
  if (on) {
    sets.exclude.delete(id);
    if (!viaArea) sets.entities.add(id);
  } else {
    sets.entities.delete(id);
    if (viaArea) sets.exclude.add(id);
    else sets.exclude.delete(id);
  }
}

/** Pick or drop one entity: inside a picked area, dropping it means excluding it. */
export function toggleEntity(scope: Scope, catalog: Catalog, id: string, on: boolean): Scope {
  return setEntities(scope, catalog, [id], on);
}

/** Pick or drop many entities at once (e.g. "select the shown ones"). */
export function setEntities(scope: Scope, catalog: Catalog, ids: Iterable<string>, on: boolean): Scope {
  const sets = setsOf(scope);
  for (const id of ids) setEntity(sets, catalog, id, on);
  return fromSets(scope, sets);
}

/** Select or clear a group: a real area is picked as an area, "No area" entity by entity. */
export function toggleGroup(scope: Scope, catalog: Catalog, key: string, on: boolean): Scope {
  if (key !== NO_AREA) return toggleArea(scope, catalog, key, on);
  const ids = (catalog.byGroup.get(NO_AREA) ?? []).map((e) => e.entity_id);
  return setEntities(scope, catalog, ids, on);
}

export function setAccess(scope: Scope, access: Scope["access"]): Scope {
  return { ...scope, access };
}

function matches(e: PickerEntity, words: string[], areaName: string, domains: ReadonlySet<string>): boolean {
  if (domains.size > 0 && !domains.has(e.domain)) return false;
  if (words.length === 0) return true;
  const haystack = `${e.name} ${e.entity_id} ${areaName}`.toLocaleLowerCase();
  return words.every((w) => haystack.includes(w));
}

const wordsOf = (search: string) =>
  search
    .toLocaleLowerCase()
    .split(/\s+/)
    .filter((w) => w !== "");

export function isFiltering(filter: Filter): boolean {
  return wordsOf(filter.search).length > 0 || filter.domains.size > 0;
}

/** The entities matching the search (all words, in name, entity id or area) and domain filter. */
export function filterEntities(catalog: Catalog, filter: Filter): PickerEntity[] {
  const words = wordsOf(filter.search);
  return catalog.entities.filter((e) =>
    matches(e, words, catalog.areaNames.get(e.area_id ?? NO_AREA) ?? "", filter.domains),
  );
}

/** Groups in display order (areas by name, "No area" last) with counts over all their entities. */
export function groupsOf(catalog: Catalog, scope: Scope, filter: Filter): Group[] {
  const sets = setsOf(scope);
  const visibleIds = new Set(filterEntities(catalog, filter).map((e) => e.entity_id));
  const filtering = isFiltering(filter);
  const keys = [...catalog.areas.map((a) => a.area_id), NO_AREA];
  const groups: Group[] = [];
  for (const key of keys) {
    const all = catalog.byGroup.get(key) ?? [];
    const visible = all.filter((e) => visibleIds.has(e.entity_id));
    if (filtering ? visible.length === 0 : key === NO_AREA && all.length === 0) continue;
    const selected = all.filter((e) => selectedIn(sets, e)).length;
    const whole = key !== NO_AREA && sets.areas.has(key);
    const state = selected === 0 && !whole ? "none" : selected === all.length ? "all" : "some";
    const name = key === NO_AREA ? "No area" : (catalog.areaNames.get(key) ?? key);
    groups.push({ key, name, isArea: key !== NO_AREA, visible, total: all.length, selected, whole, state });
  }
  return groups;
}

/** Domains present in the catalog with their entity counts, by domain name. */
export function domainCounts(catalog: Catalog): Array<{ domain: string; count: number }> {
  const counts = new Map<string, number>();
  for (const e of catalog.entities) counts.set(e.domain, (counts.get(e.domain) ?? 0) + 1);
  return [...counts]
    .map(([domain, count]) => ({ domain, count }))
    .sort((a, b) => a.domain.localeCompare(b.domain));
}

/** Areas the scope names that Home Assistant no longer has. */
export function unknownAreas(scope: Scope, catalog: Catalog): string[] {
  return scope.areas.filter((id) => !catalog.areaNames.has(id));
}

/** "Kitchen, Hall + 2 entities − 1 excluded", for lists. */
export function scopeSummary(scope: Scope, areaNames: ReadonlyMap<string, string>): string {
  const names = scope.areas.map((id) => areaNames.get(id) ?? id).sort((a, b) => a.localeCompare(b));
  const parts: string[] = [];
  if (names.length > 0) {
    const shown = names.slice(0, 3).join(", ");
    const more = names.length - 3;
    parts.push(more > 0 ? `${shown} + ${more} more ${more === 1 ? "area" : "areas"}` : shown);
  }
  const n = scope.entities.length;
  if (n > 0) parts.push(`${parts.length ? "+ " : ""}${n} ${n === 1 ? "entity" : "entities"}`);
  if (parts.length === 0) return "Nothing";
  if (scope.exclude.length > 0) parts.push(`− ${scope.exclude.length} excluded`);
  return parts.join(" ");
}

export function accessInWords(access: Scope["access"]): string {
  return access === "control" ? "can control" : "read-only";
}
