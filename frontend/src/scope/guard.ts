import {
  type CallLimits,
  type CallRange,
  CONFIRM_BY_DEFAULT_DOMAINS,
  type EntityAccess,
  effectiveAccess,
  type Scope,
  type ScopeResolveResponse,
} from "hasync";

/**
 * The guard rails of a scope (issue 15) as pure functions over scope → scope: access per domain
 * and per entity, and limits on what a call may set. What an entity ends up with is always
 * hasync's `effectiveAccess`, the function the backend decides with, so the picker's preview
 * says what the device will be allowed.
 */

/** "default" means no rule of its own: the domain's, else the scope's read/control switch. */
export type AccessChoice = EntityAccess | "default";

export const ACCESS_CHOICES: readonly EntityAccess[] = ["hidden", "read", "control", "confirm"];

export const ACCESS_WORDS: Record<EntityAccess, string> = {
  hidden: "Hidden",
  read: "Read",
  control: "Control",
  confirm: "Ask first",
};

const domainOf = (entityId: string) => entityId.slice(0, entityId.indexOf("."));

type AccessMap = Record<string, EntityAccess>;

/** A copy of `map` with `key` set to `choice` (or removed for "default"); undefined when empty. */
function withRule(map: AccessMap | undefined, key: string, choice: AccessChoice): AccessMap | undefined {
  const next: AccessMap = { ...map };
  if (choice === "default") delete next[key];
  else next[key] = choice;
  return Object.keys(next).length === 0 ? undefined : next;
}

/** The scope with `field` set, or left out when undefined (so old scopes keep their shape). */
function withField<K extends "domain_access" | "entity_access" | "limits">(
  scope: Scope,
  field: K,
  value: Scope[K] | undefined,
): Scope {
  const next: Scope = { ...scope };
  if (value === undefined) delete next[field];
  else next[field] = value;
  return next;
}

export function setDomainAccess(scope: Scope, domain: string, choice: AccessChoice): Scope {
  return withField(scope, "domain_access", withRule(scope.domain_access, domain, choice));
}

export function setEntityAccess(scope: Scope, entityId: string, choice: AccessChoice): Scope {
  return withField(scope, "entity_access", withRule(scope.entity_access, entityId, choice));
}

export const domainChoice = (scope: Scope, domain: string): AccessChoice =>
  scope.domain_access?.[domain] ?? "default";

export const entityChoice = (scope: Scope, entityId: string): AccessChoice =>
  scope.entity_access?.[entityId] ?? "default";

/** What "Default" gives a whole domain: the scope's switch, with locks and the like on confirm. */
export function domainDefaultInWords(scope: Scope, domain: string): string {
  if (scope.access === "read") return ACCESS_WORDS.read;
  if (CONFIRM_BY_DEFAULT_DOMAINS.includes(domain)) return ACCESS_WORDS.confirm;
  if (domain === "cover") return "Control; garage doors and gates ask first";
  return ACCESS_WORDS.control;
}

/** What "Default" gives one entity: its domain's rule, else the scope's switch. */
export function entityDefault(scope: Scope, entityId: string, deviceClass?: unknown): EntityAccess {
  return effectiveAccess({ ...scope, entity_access: undefined }, entityId, deviceClass);
}

export type LimitKey = keyof CallLimits;
export type LimitSide = "min" | "max";

/** The scope with one bound set (a number) or cleared (undefined); empty ranges are dropped. */
export function setLimit(scope: Scope, key: LimitKey, side: LimitSide, value: number | undefined): Scope {
  const range: CallRange = { ...scope.limits?.[key] };
  if (value === undefined) delete range[side];
  else range[side] = value;
  const limits: CallLimits = { ...scope.limits };
  if (Object.keys(range).length === 0) delete limits[key];
  else limits[key] = range;
  return withField(scope, "limits", Object.keys(limits).length === 0 ? undefined : limits);
}

/** Problems with the limits as typed (min above max), by limit; the server refuses them too. */
export function limitProblems(limits: CallLimits | undefined): Partial<Record<LimitKey, string>> {
  const out: Partial<Record<LimitKey, string>> = {};
  for (const [key, range] of Object.entries(limits ?? {}) as Array<[LimitKey, CallRange]>) {
    if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
      out[key] = "The lowest is above the highest.";
    }
  }
  return out;
}

export interface EntityFacts {
  name: string;
  deviceClass?: unknown;
}

export interface AccessPreview {
  control: number;
  confirm: number;
  read: number;
  hidden: number;
  /** Names of the entities that wait for the admin, by name. */
  askFirst: string[];
  /** Domains among the entities, sorted: the ones the per-domain choices are offered for. */
  domains: string[];
}

/** What the device may do with each of `ids` (the scope's entities), counted. */
export function previewOf(
  scope: Scope,
  ids: Iterable<string>,
  facts: (entityId: string) => EntityFacts | undefined,
): AccessPreview {
  const preview: AccessPreview = { control: 0, confirm: 0, read: 0, hidden: 0, askFirst: [], domains: [] };
  const domains = new Set<string>();
  for (const id of ids) {
    const known = facts(id);
    const access = effectiveAccess(scope, id, known?.deviceClass);
    preview[access] += 1;
    domains.add(domainOf(id));
    if (access === "confirm") preview.askFirst.push(known?.name ?? id);
  }
  preview.askFirst.sort((a, b) => a.localeCompare(b));
  preview.domains = [...domains].sort();
  return preview;
}

/** "Controls 6 · Asks you first for 2 · Sees 14 · Hidden 1" (parts that are zero left out). */
export function previewInWords(p: AccessPreview): string {
  const parts: string[] = [];
  if (p.control > 0) parts.push(`Controls ${p.control}`);
  if (p.confirm > 0) parts.push(`Asks you first for ${p.confirm}`);
  if (p.read > 0) parts.push(`Sees ${p.read}`);
  if (p.hidden > 0) parts.push(`Hidden ${p.hidden}`);
  return parts.length === 0 ? "Nothing picked yet" : parts.join(" · ");
}

/**
 * What the device may do with what it sees, from the server's access per entity once it has
 * answered: all of it ("and may control them"), none ("read-only"), or some, with how many ask
 * the admin first (issue 15).
 */
export function mayDoInWords(scope: Scope, result: ScopeResolveResponse | undefined): string {
  if (!result) return scope.access === "control" ? " and may control them" : ", read-only";
  const access = Object.values(result.access);
  const control = access.filter((a) => a === "control").length;
  const confirm = access.filter((a) => a === "confirm").length;
  if (control === 0 && confirm === 0) return ", read-only";
  if (control === result.entity_ids.length) return " and may control them";
  const parts = [
    control > 0 ? `may control ${control}` : "",
    confirm > 0 ? `asks you first for ${confirm}` : "",
  ];
  return `; it ${parts.filter((p) => p !== "").join(" and ")}`;
}
