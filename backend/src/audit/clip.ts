/**
 * Bounds on what one audit entry may store. Its fields come in part from devices and LAN clients
 * (a device's 60 kB service domain, a pairing request's model), and the log is kept for years
 * and copied into every backup: an entry says what happened, it does not archive the payload.
 */
export const MAX_TEXT_CHARS = 200;
export const MAX_ACTOR_CHARS = 100;
export const MAX_IP_CHARS = 64;
const MAX_ITEMS = 50;
const MAX_DEPTH = 4;
/** Beyond this the detail keeps only its top-level scalars. */
export const MAX_DETAIL_JSON_CHARS = 8192;
const ELLIPSIS = "…";

/** `text` cut to `max` characters (an ellipsis marks the cut), never splitting a surrogate pair. */
export function clipText(text: string, max = MAX_TEXT_CHARS): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut + ELLIPSIS;
}

export function clipNullable(text: string | null, max: number): string | null {
  return text === null ? null : clipText(text, max);
}

function clipValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return clipText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return ELLIPSIS;
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ITEMS).map((item) => clipValue(item, depth + 1));
    if (value.length > MAX_ITEMS) kept.push(`${ELLIPSIS} ${value.length - MAX_ITEMS} more`);
    return kept;
  }
  const out: Record<string, unknown> = {};
  let keys = 0;
  for (const [key, item] of Object.entries(value)) {
    if (++keys > MAX_ITEMS) break;
    out[clipText(key)] = clipValue(item, depth + 1);
  }
  return out;
}

/** The detail as stored: strings, lists and nesting cut to size, the whole kept under a bound. */
export function clipDetail(detail: Record<string, unknown>): string {
  const clipped = clipValue(detail, 0) as Record<string, unknown>;
  const json = JSON.stringify(clipped);
  if (json.length <= MAX_DETAIL_JSON_CHARS) return json;
  const scalars: Record<string, unknown> = { truncated: true };
  let size = 20;
  for (const [key, value] of Object.entries(clipped)) {
    if (value !== null && typeof value === "object") continue;
    size += JSON.stringify(key).length + (JSON.stringify(value) ?? "").length + 2;
    if (size > MAX_DETAIL_JSON_CHARS) break;
    scalars[key] = value;
  }
  return JSON.stringify(scalars);
}
