import { z } from "zod";

/** How HAsync reaches Home Assistant: inside the add-on, at a URL with a token, or the embedded demo. */
export const HaModeSchema = z.enum(["supervisor", "url", "demo"]);
export type HaModeName = z.infer<typeof HaModeSchema>;

/** `checks.home_assistant.state` in /health and `state` in the admin status. */
export const HaLinkStateSchema = z.enum(["connecting", "connected", "auth_failed", "demo"]);
export type HaLinkStateName = z.infer<typeof HaLinkStateSchema>;

/** `checks.home_assistant` in `GET /health`. */
export const HaHealthCheckSchema = z.object({
  state: HaLinkStateSchema,
  ha_version: z.string().nullable(),
});
export type HaHealthCheck = z.infer<typeof HaHealthCheckSchema>;

/** `GET /api/v1/admin/ha/status`. `url` never carries a token. */
export const HaStatusResponseSchema = z.object({
  state: HaLinkStateSchema,
  mode: HaModeSchema,
  url: z.string(),
  ha_version: z.string().nullable(),
  /** True while the socket is up and the mirror is synced. */
  connected: z.boolean(),
  last_error: z.string().nullable(),
  connected_since: z.string().nullable(),
  entity_count: z.number().int().nonnegative(),
  area_count: z.number().int().nonnegative(),
});
export type HaStatusResponse = z.infer<typeof HaStatusResponseSchema>;

export const HaAreaSummarySchema = z.object({
  area_id: z.string(),
  name: z.string(),
  floor_id: z.string().nullable(),
  /** Entities with a state whose resolved area (own area, else their device's) is this one. */
  entity_count: z.number().int().nonnegative(),
});
export type HaAreaSummary = z.infer<typeof HaAreaSummarySchema>;

/** `GET /api/v1/admin/ha/areas`. */
export const HaAreaListSchema = z.object({
  areas: z.array(HaAreaSummarySchema),
  /** Entities with a state and no area at all. */
  unassigned_count: z.number().int().nonnegative(),
});
export type HaAreaList = z.infer<typeof HaAreaListSchema>;

/** `GET /api/v1/admin/ha/entities?area=&domain=&search=`: all optional, combined with AND. */
export const HaEntityQuerySchema = z.object({
  /** An area id: entities whose resolved area is this one. */
  area: z.string().min(1).max(200).optional(),
  domain: z
    .string()
    .regex(/^[a-z0-9_]{1,64}$/, "a domain is lower-case letters, digits and underscores")
    .optional(),
  /** Case-insensitive match on entity id and name. */
  search: z.string().min(1).max(200).optional(),
});
export type HaEntityQuery = z.infer<typeof HaEntityQuerySchema>;

export const HaEntitySummarySchema = z.object({
  entity_id: z.string(),
  /** Registry name, else friendly_name, else the integration's original name, else the id. */
  name: z.string(),
  domain: z.string(),
  area_id: z.string().nullable(),
  device_id: z.string().nullable(),
  state: z.string(),
  /** Attributes without credentials: no secret-named values, no URL carrying a login or a token. */
  attributes: z.record(z.string(), z.unknown()),
});
export type HaEntitySummary = z.infer<typeof HaEntitySummarySchema>;

export const HaEntityListSchema = z.object({ entities: z.array(HaEntitySummarySchema) });
export type HaEntityList = z.infer<typeof HaEntityListSchema>;
