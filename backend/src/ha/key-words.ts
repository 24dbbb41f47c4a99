/**
 * Answers about attribute and parameter names. Names repeat endlessly across states (a few
 * hundred distinct ones in a home), so answers are memoised; the memo is bounded because names
 * come from HA's integrations.
 */
const MEMO_LIMIT = 10_000;

/** `compute`, remembered per name. */
export function memoByName<T>(compute: (name: string) => T): (name: string) => T {
  const memo = new Map<string, T>();
  return (name) => {
    let answer = memo.get(name);
    if (answer === undefined && !memo.has(name)) {
      answer = compute(name);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(name, answer);
    }
    return answer as T;
  };
}

/**
 * The words of a name, lower case: `refresh_token` → refresh, token; `X-Api-Key` and `XApiKey` →
 * x, api, key; `minEntityId` → min, entity, id.
 */
export const keyWords = (name: string): readonly string[] =>
  name
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .filter((word) => word !== "");
