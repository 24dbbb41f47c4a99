/**
 * Copy-on-write pruning of JSON values (attributes as HA sends them): what a rule drops is left
 * out at any depth, and every object or array with nothing to drop is returned as the same
 * object, so the common case allocates nothing and callers' identity-keyed caches stay valid.
 */

export interface PruneRule {
  /** A string, as an object's property value or an array item, to leave out. */
  dropString(text: string): boolean;
  /** An object property to leave out whatever its value (decided by its name). */
  dropProperty(key: string, value: unknown): boolean;
}

/**
 * Deeper than this is left out whole: HA's own attributes are a few levels deep, and a value that
 * cannot be inspected cannot be shown to be free of credentials (nor walked without risking the
 * stack on a hostile nesting).
 */
export const MAX_DEPTH = 32;

const DROPPED: unique symbol = Symbol("dropped");
type Pruned = unknown | typeof DROPPED;

function pruneValue(value: unknown, rule: PruneRule, depth: number): Pruned {
  if (typeof value === "string") return rule.dropString(value) ? DROPPED : value;
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH) return DROPPED;
  return Array.isArray(value)
    ? pruneArray(value, rule, depth + 1)
    : pruneObject(value as Record<string, unknown>, rule, depth + 1);
}

function pruneArray(items: readonly unknown[], rule: PruneRule, depth: number): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const kept = pruneValue(items[i], rule, depth);
    if (out === undefined) {
      if (kept === items[i]) continue;
      out = items.slice(0, i);
    }
    if (kept !== DROPPED) out.push(kept);
  }
  return out ?? (items as unknown[]);
}

function pruneObject(
  object: Readonly<Record<string, unknown>>,
  rule: PruneRule,
  depth: number,
): Record<string, unknown> {
  let out: Array<[string, unknown]> | undefined;
  let index = 0;
  for (const key in object) {
    const value = object[key];
    const kept = rule.dropProperty(key, value) ? DROPPED : pruneValue(value, rule, depth);
    if (out === undefined) {
      if (kept === value) {
        index++;
        continue;
      }
      out = Object.entries(object).slice(0, index);
    }
    if (kept !== DROPPED) out.push([key, kept]);
  }
  // fromEntries defines own properties, so a key named `__proto__` stays data.
  return out === undefined ? (object as Record<string, unknown>) : Object.fromEntries(out);
}

/** The object without what `rule` drops; the same object when it drops nothing. */
export function pruneObjectWith(
  object: Readonly<Record<string, unknown>>,
  rule: PruneRule,
): Record<string, unknown> {
  return pruneObject(object, rule, 0);
}
