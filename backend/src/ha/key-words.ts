/**
 * The words of an attribute or parameter name, lower case: `refresh_token` → refresh, token;
 * `X-Api-Key` and `XApiKey` → x, api, key; `minEntityId` → min, entity, id. Names repeat
 * endlessly across states, so results are memoised (bounded: names come from HA's integrations).
 */
const MEMO_LIMIT = 10_000;
const memo = new Map<string, readonly string[]>();

export function keyWords(name: string): readonly string[] {
  let words = memo.get(name);
  if (words === undefined) {
    words = name
      .replace(/([a-z\d])([A-Z])/g, "$1 $2")
      .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
      .toLowerCase()
      .split(/[^a-z\d]+/)
      .filter((word) => word !== "");
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(name, words);
  }
  return words;
}
