/**
 * Whether a parsed JSON value nests objects or arrays deeper than `max` levels (the value itself,
 * if an object or array, is level 1). Walks with an explicit stack: a hostile document 20,000 levels
 * deep must be measurable without overflowing the call stack, which is what it would do to
 * `JSON.stringify` and to every recursive walk downstream.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next;
    if (typeof item !== "object" || item === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * The JSON nesting HAsync accepts from any client (WebSocket messages, REST and /api/v1 bodies).
 * HA's own parser (orjson, `homeassistant/helpers/json.py json_loads`) refuses documents nested
 * deeper than 1024 levels. HAsync is stricter: no HA command a device may send needs more than a
 * handful of levels (call_service's `service_data` holds lists of colours or a notification's
 * `data.actions[]`: 5 or 6), and the scope engine walks `service_data` for entity ids, so 32 keeps
 * every walk short while leaving five times the depth any real client sends.
 */
export const MAX_JSON_DEPTH = 32;
