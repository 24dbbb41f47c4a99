import { randomBytes } from "node:crypto";
import type { Db } from "../db/database.js";
import { sha256 } from "../devices/tokens.js";
import { cvBoolean, dict, type Field, isDict, mapping, optionalString, requiredString } from "./schema.js";

/**
 * The one HA app a device registered (`mobile_app_registrations`, migration 10): the app's own
 * description, and its webhook id by SHA-256 only — the id is the webhook's credential, so the
 * plain value exists only in the app and in the 201 answer that handed it out.
 */
export interface AppRegistration {
  app_id: string;
  app_name: string;
  app_version: string;
  device_name: string;
  manufacturer: string;
  model: string;
  os_name: string;
  os_version: string | null;
  /** The app's own id for the phone (HA 0.104+), not HAsync's device id. */
  device_id: string | null;
  app_data: Record<string, unknown>;
}

/**
 * Keys of `app_data` HAsync never keeps: the push relay's token and URL are a credential for
 * sending notifications to the phone, and HAsync sends none (const.py SCHEMA_APP_DATA).
 */
const PUSH_KEYS = new Set(["push_token", "push_url"]);

const withoutPush = (appData: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(appData).filter(([key]) => !PUSH_KEYS.has(key)));

const appData: Field = { key: "app_data", default: () => ({}), validate: dict };

/**
 * http_api.py `RegistrationsView.post`'s schema: unknown keys dropped ("To allow future apps to
 * send more data", extra=vol.REMOVE_EXTRA), `supports_encryption` false when absent.
 */
export const REGISTRATION_SCHEMA = mapping(
  [
    appData,
    requiredString("app_id"),
    requiredString("app_name"),
    requiredString("app_version"),
    requiredString("device_name"),
    requiredString("manufacturer"),
    requiredString("model"),
    optionalString("device_id"),
    requiredString("os_name"),
    optionalString("os_version"),
    { key: "supports_encryption", required: true, default: () => false, validate: cvBoolean },
  ],
  "remove",
);

/** webhook.py `webhook_update_registration`'s schema (vol.Schema: no other keys). */
export const UPDATE_REGISTRATION_SCHEMA = mapping([
  { key: "app_data", validate: dict },
  requiredString("app_version"),
  requiredString("device_name"),
  requiredString("manufacturer"),
  requiredString("model"),
  optionalString("os_version"),
]);

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const textOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** A registration from a validated body (REGISTRATION_SCHEMA's output). */
export function registrationOf(data: Record<string, unknown>): AppRegistration {
  return {
    app_id: text(data.app_id),
    app_name: text(data.app_name),
    app_version: text(data.app_version),
    device_name: text(data.device_name),
    manufacturer: text(data.manufacturer),
    model: text(data.model),
    os_name: text(data.os_name),
    os_version: textOrNull(data.os_version),
    device_id: textOrNull(data.device_id),
    app_data: withoutPush(isDict(data.app_data) ? data.app_data : {}),
  };
}

/** webhook.py: `{**config_entry.data, **data}`, the push credential still left out. */
export function updatedRegistration(before: AppRegistration, data: Record<string, unknown>): AppRegistration {
  return {
    ...before,
    app_version: text(data.app_version),
    device_name: text(data.device_name),
    manufacturer: text(data.manufacturer),
    model: text(data.model),
    os_version: "os_version" in data ? textOrNull(data.os_version) : before.os_version,
    app_data: isDict(data.app_data) ? withoutPush(data.app_data) : before.app_data,
  };
}

/** 64 hex digits: what `secrets.token_hex()` gives, as HA's RegistrationsView mints them. */
const WEBHOOK_ID = /^[0-9a-f]{64}$/;

export interface Registered {
  deviceId: string;
  registration: AppRegistration;
}

/** The rows, read and written through SQLite (indexed by hash), so a restart keeps them. */
export class AppRegistrations {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Registers the device's app, replacing any earlier one (and so its webhook); the new id. */
  register(deviceId: string, registration: AppRegistration): string {
    const webhookId = randomBytes(32).toString("hex");
    const at = this.now();
    this.db
      .prepare(
        `INSERT INTO mobile_app_registrations (device_id, webhook_hash, registration, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET webhook_hash = excluded.webhook_hash,
           registration = excluded.registration, created_at = excluded.created_at,
           updated_at = excluded.updated_at`,
      )
      .run(deviceId, sha256(webhookId), JSON.stringify(registration), at, at);
    return webhookId;
  }

  /** The registration a webhook id belongs to, or null for an id HAsync never handed out (or took back). */
  byWebhook(webhookId: string): Registered | null {
    if (!WEBHOOK_ID.test(webhookId)) return null;
    const row = this.db
      .prepare<[string], { device_id: string; registration: string }>(
        "SELECT device_id, registration FROM mobile_app_registrations WHERE webhook_hash = ?",
      )
      .get(sha256(webhookId));
    if (row === undefined) return null;
    return { deviceId: row.device_id, registration: JSON.parse(row.registration) as AppRegistration };
  }

  update(deviceId: string, registration: AppRegistration): void {
    this.db
      .prepare("UPDATE mobile_app_registrations SET registration = ?, updated_at = ? WHERE device_id = ?")
      .run(JSON.stringify(registration), this.now(), deviceId);
  }

  /** Registrations held (for tests and the bound check: one per device). */
  count(): number {
    return (
      this.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM mobile_app_registrations").get()?.n ?? 0
    );
  }
}
