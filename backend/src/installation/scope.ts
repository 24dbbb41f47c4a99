import { WsError } from "../gateway/messages.js";
import { scopedConfig } from "../gateway/views.js";
import type { HaMirror } from "../ha/types.js";

/**
 * The integrations a device may know of: exactly the `components` its `get_config` lists
 * (gateway/views.ts `scopedConfig`), so no answer here names an integration that one hides.
 */
export function knownIntegrations(mirror: HaMirror, visible: ReadonlySet<string>): ReadonlySet<string> {
  const components = scopedConfig(mirror.config(), visible).components;
  return new Set(Array.isArray(components) ? (components as string[]) : []);
}

/** voluptuous `vol.All(cv.ensure_list, [str])`, as HA validates `integration(s)` fields. */
export function ensureList(value: unknown, key: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
  throw new WsError("invalid_format", `expected str @ data['${key}']. Got ${JSON.stringify(value)}`);
}

/**
 * The integrations to ask HA about: those asked for that the device may know, or all it may know.
 * Never empty when forwarded: HA reads an empty list as "every loaded integration"
 * (`frontend/__init__.py`, `websocket_api/commands.py handle_manifest_list`).
 */
export function askable(known: ReadonlySet<string>, asked: readonly string[] | undefined): string[] {
  return asked === undefined ? [...known] : asked.filter((domain) => known.has(domain));
}

/** An object's entries whose key passes `keep`: a second guard on what HA answered. */
export function keepKeys(value: unknown, keep: (key: string) => boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof value !== "object" || value === null) return out;
  for (const [key, item] of Object.entries(value)) if (keep(key)) out[key] = item;
  return out;
}
