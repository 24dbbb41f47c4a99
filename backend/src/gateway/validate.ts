import { WsError } from "./messages.js";

/**
 * HA's command schemas in miniature: `id` and `type` plus the listed keys, nothing else, with
 * voluptuous's wording ("extra keys not allowed @ data['x']") so errors read like HA's.
 */
export type Kind =
  | "string"
  | "integer"
  | "number"
  | "boolean"
  | "object"
  | "array"
  | "string_list"
  | "entity_ids"
  | "any";

export interface CommandSchema {
  required?: Readonly<Record<string, Kind>>;
  optional?: Readonly<Record<string, Kind>>;
}

const isKind: Record<Kind, (value: unknown) => boolean> = {
  string: (value) => typeof value === "string",
  integer: (value) => Number.isInteger(value),
  number: (value) => typeof value === "number" && Number.isFinite(value),
  boolean: (value) => typeof value === "boolean",
  object: (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  array: (value) => Array.isArray(value),
  string_list: (value) => Array.isArray(value) && value.every((item) => typeof item === "string"),
  // Any JSON value (user data): its size and depth are bounded by the frame and depth limits.
  any: () => true,
  // `cv.entity_ids`: a list of ids, or one comma-separated string.
  entity_ids: (value) =>
    typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string")),
};

const invalid = (message: string) => new WsError("invalid_format", message);

export function validateCommand(message: Record<string, unknown>, schema: CommandSchema): void {
  const required = schema.required ?? {};
  const optional = schema.optional ?? {};
  for (const key in message) {
    if (key === "id" || key === "type") continue;
    const kind = required[key] ?? optional[key];
    if (kind === undefined) throw invalid(`extra keys not allowed @ data['${key.slice(0, 64)}']`);
    if (!isKind[kind](message[key])) throw invalid(`expected ${kind} for dictionary value @ data['${key}']`);
  }
  for (const key in required) {
    if (!(key in message)) throw invalid(`required key not provided @ data['${key}']`);
  }
}

/** `cv.entity_ids` normalised: trimmed, lower-cased, de-duplicated. */
export function entityIdList(value: unknown): string[] {
  const list = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : [];
  return [
    ...new Set(list.filter((item) => typeof item === "string").map((item) => item.trim().toLowerCase())),
  ];
}
