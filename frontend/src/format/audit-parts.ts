import type { AuditEntry } from "hasync";

/** Pieces the activity log's sentences are made of (audit.ts, audit-guard.ts). */
export type Detail = Record<string, unknown>;

/** Device names by id, for entries that only carry the id. */
export type DeviceNames = ReadonlyMap<string, string>;

/** The first of `keys` that holds a non-empty string. */
export function text(detail: Detail, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = detail[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** “Kitchen tablet”, from the entry's name or the id's current name, else "a device". */
export function device(d: Detail, names: DeviceNames): string {
  const id = text(d, "device_id");
  const name = text(d, "device_name", "name", "to") ?? (id === undefined ? undefined : names.get(id));
  return name === undefined ? "a device" : `“${name}”`;
}

export const who = (e: AuditEntry) => e.actor ?? "An admin";
export const capitalized = (line: string) => line.charAt(0).toUpperCase() + line.slice(1);
