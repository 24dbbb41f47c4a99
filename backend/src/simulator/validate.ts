import { invalidFormat } from "./errors.js";
import type { FieldSpec, ServiceSpec } from "./service-catalog.js";

/**
 * Voluptuous-style checks with HA's wording ("extra keys not allowed @ data['x']"), driven by the
 * service catalog's selectors and by the small command schemas below.
 */

const at = (key: string) => `@ data['${key}']`;
const ENTITY_ID = /^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$/;
export const TARGET_KEYS = ["entity_id", "device_id", "area_id", "floor_id", "label_id"] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];
export type Targets = Partial<Record<TargetKey, string[]>>;

function checkNumber(key: string, value: unknown, options: Record<string, unknown>): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n))
    throw invalidFormat(`expected float for dictionary value ${at(key)}`);
  if (typeof options.min === "number" && n < options.min) {
    throw invalidFormat(`value must be at least ${options.min} for dictionary value ${at(key)}`);
  }
  if (typeof options.max === "number" && n > options.max) {
    throw invalidFormat(`value must be at most ${options.max} for dictionary value ${at(key)}`);
  }
  return n;
}

function checkField(key: string, value: unknown, spec: FieldSpec): unknown {
  const [kind, options] = Object.entries(spec.selector)[0] ?? ["object", null];
  switch (kind) {
    case "number":
      return checkNumber(key, value, options ?? {});
    case "boolean":
      if (typeof value !== "boolean") throw invalidFormat(`expected boolean for dictionary value ${at(key)}`);
      return value;
    case "text":
      if (typeof value !== "string") throw invalidFormat(`expected str for dictionary value ${at(key)}`);
      return value;
    case "select": {
      const choices = (options?.options as string[] | undefined) ?? [];
      if (typeof value !== "string" || !choices.includes(value)) {
        throw invalidFormat(
          `value must be one of ${JSON.stringify(choices)} for dictionary value ${at(key)}`,
        );
      }
      return value;
    }
    case "color_rgb":
      if (
        !Array.isArray(value) ||
        value.length !== 3 ||
        !value.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)
      ) {
        throw invalidFormat(`invalid list value for dictionary value ${at(key)}`);
      }
      return value;
    default:
      return value;
  }
}

/** Validates service data (target keys already removed) against the service's fields. */
export function validateServiceData(
  spec: ServiceSpec,
  data: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const field = spec.fields[key];
    if (!field) throw invalidFormat(`extra keys not allowed ${at(key)}`);
    out[key] = checkField(key, value, field);
  }
  for (const [key, field] of Object.entries(spec.fields)) {
    if (field.required && !(key in out)) throw invalidFormat(`required key not provided ${at(key)}`);
  }
  return out;
}

function idList(key: string, value: unknown): string[] {
  const list = typeof value === "string" ? value.split(",").map((v) => v.trim()) : value;
  if (!Array.isArray(list) || !list.every((v) => typeof v === "string")) {
    throw invalidFormat(`expected a list of strings for dictionary value ${at(key)}`);
  }
  if (key === "entity_id") {
    for (const id of list) {
      const special = list.length === 1 && (id === "all" || id === "none");
      if (!special && !ENTITY_ID.test(id)) {
        throw invalidFormat(`Entity ID ${id} is an invalid entity ID for dictionary value ${at(key)}`);
      }
    }
  }
  return list;
}

/** Splits HA's merged service data into the target and the remaining fields. */
export function splitTarget(merged: Record<string, unknown>): {
  targets: Targets;
  data: Record<string, unknown>;
} {
  const targets: Targets = {};
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(merged)) {
    if ((TARGET_KEYS as readonly string[]).includes(key)) targets[key as TargetKey] = idList(key, value);
    else data[key] = value;
  }
  return { targets, data };
}

type Kind = "string" | "integer" | "boolean" | "object" | "string[]" | "any";

function isKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "string[]":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "any":
      return true;
  }
}

export interface CommandSchema {
  required?: Record<string, Kind>;
  optional?: Record<string, Kind>;
}

/** HA's websocket command schemas: `id` and `type` plus the listed keys, nothing else. */
export function validateCommand(msg: Record<string, unknown>, schema: CommandSchema): void {
  const required = schema.required ?? {};
  const optional = schema.optional ?? {};
  for (const [key, value] of Object.entries(msg)) {
    if (key === "id" || key === "type") continue;
    const kind = required[key] ?? optional[key];
    if (!kind) throw invalidFormat(`extra keys not allowed ${at(key)}. Got ${JSON.stringify(value)}`);
    if (!isKind(value, kind))
      throw invalidFormat(`expected ${kind} for dictionary value ${at(key)}. Got ${JSON.stringify(value)}`);
  }
  for (const key of Object.keys(required)) {
    if (!(key in msg)) throw invalidFormat(`required key not provided ${at(key)}. Got None`);
  }
}
