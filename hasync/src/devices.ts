import { z } from "zod";
import { EntityAccessSchema, ServiceRateSchema } from "./guard.js";
import { DeviceDashboardsSchema } from "./ha-login.js";
import { DeviceNameSchema, DeviceTypeSchema, ExpiresAtSchema, ScopeSchema } from "./pairing.js";
import { PassHoursSchema } from "./screen.js";

/** A paired device as the admin API shows it. Never carries the token. */
export const DeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: DeviceTypeSchema,
  model: z.string().nullable(),
  created_at: z.string(),
  last_seen_at: z.string().nullable(),
  last_ip: z.string().nullable(),
  online: z.boolean(),
  expires_at: z.string().nullable(),
  scope: ScopeSchema,
  entity_count: z.number().int(),
  /**
   * HA clients are told this device is an administrator (`auth/current_user` `is_admin: true`,
   * HA-admin-only event subscriptions accepted, filtered). Grants nothing beyond the scope.
   */
  presents_as_admin: z.boolean(),
  /** Weekly hours of its pass, in Home Assistant's time zone; null = any time. */
  hours: PassHoursSchema.nullable(),
  /** The invite link that made it (a guest pass), or null. */
  invite_id: z.string().nullable(),
  /** Its own service-call rate; null = the default (guard.ts DEFAULT_SERVICE_RATE). */
  rate: ServiceRateSchema.nullable(),
  /** HA dashboards it may open in HA's interface besides its generated Overview (ha-login.ts). */
  dashboards: DeviceDashboardsSchema,
  /** The HA login client (`client_id`) that paired it through `/auth/authorize`, or null. */
  client_id: z.string().nullable(),
});
export type Device = z.infer<typeof DeviceSchema>;

export const DeviceListSchema = z.object({ devices: z.array(DeviceSchema) });
export type DeviceList = z.infer<typeof DeviceListSchema>;

/** `PATCH /api/v1/admin/devices/:id`: any subset; `expires_at: null` clears the expiry. */
export const DevicePatchSchema = z
  .object({
    name: DeviceNameSchema.optional(),
    scope: ScopeSchema.optional(),
    expires_at: ExpiresAtSchema.optional(),
    presents_as_admin: z.boolean().optional(),
    /** `null` clears the hours (any time). */
    hours: PassHoursSchema.nullable().optional(),
    /** `null` returns the device to the default rate. */
    rate: ServiceRateSchema.nullable().optional(),
    dashboards: DeviceDashboardsSchema.optional(),
  })
  .refine(
    (p) =>
      p.name !== undefined ||
      p.scope !== undefined ||
      p.expires_at !== undefined ||
      p.presents_as_admin !== undefined ||
      p.hours !== undefined ||
      p.rate !== undefined ||
      p.dashboards !== undefined,
    {
      message:
        "nothing to change: give name, scope, expires_at, presents_as_admin, hours, rate or dashboards",
    },
  );
export type DevicePatch = z.input<typeof DevicePatchSchema>;

export const PreviewEntitySchema = z.object({
  entity_id: z.string(),
  name: z.string(),
  area_id: z.string().nullable(),
  state: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  last_changed: z.string(),
});
export type PreviewEntity = z.infer<typeof PreviewEntitySchema>;

/** `GET /api/v1/admin/devices/:id/preview`: exactly what the device sees now. */
export const DevicePreviewSchema = z.object({
  device_id: z.string(),
  access: z.enum(["read", "control"]),
  entities: z.array(PreviewEntitySchema),
});
export type DevicePreview = z.infer<typeof DevicePreviewSchema>;

/** `POST /api/v1/admin/scope/resolve`: the entity count a scope would give, before approving. */
export const ScopeResolveResponseSchema = z.object({
  entity_ids: z.array(z.string()),
  unknown_areas: z.array(z.string()),
  unknown_entities: z.array(z.string()),
  /** Each resolved entity's access under the scope (never `hidden`: hidden entities are not resolved). */
  access: z.record(z.string(), EntityAccessSchema),
});
export type ScopeResolveResponse = z.infer<typeof ScopeResolveResponseSchema>;
