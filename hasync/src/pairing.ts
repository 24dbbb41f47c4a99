import { z } from "zod";
import { CallLimitsSchema, DomainAccessSchema, EntityAccessMapSchema } from "./guard.js";

/** `ai_agent`: an MCP client or other AI agent; paired read-only unless the admin says otherwise. */
export const DEVICE_TYPES = ["phone", "tablet", "tv", "kiosk", "desktop", "ai_agent", "other"] as const;
export const DeviceTypeSchema = z.enum(DEVICE_TYPES);
export type DeviceType = z.infer<typeof DeviceTypeSchema>;

/** Length in user-perceived characters (code points), so "Küche 🍳" counts as a person would. */
const chars = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => [...s].length >= min && [...s].length <= max, {
      message: `must be ${min} to ${max} characters`,
    });

export const DeviceNameSchema = chars(1, 64);

/** A scope: entities in `areas` ∪ `entities` − `exclude`; `control` allows service calls on them. */
export const ScopeSchema = z.object({
  areas: z.array(z.string().min(1).max(128)).max(200).default([]),
  entities: z
    .array(z.string().regex(/^[a-z0-9_]+\.[a-z0-9_]+$/, "not an entity id"))
    .max(5000)
    .default([]),
  exclude: z
    .array(z.string().regex(/^[a-z0-9_]+\.[a-z0-9_]+$/, "not an entity id"))
    .max(5000)
    .default([]),
  access: z.enum(["read", "control"]).default("read"),
  /** Optionally narrows control to these services (`light.turn_on`, ...). */
  services: z
    .array(z.string().regex(/^[a-z0-9_]+\.[a-z0-9_]+$/, "not a service (domain.service)"))
    .max(500)
    .optional(),
  /**
   * Access per domain and per entity (guard.ts `effectiveAccess`): an entity's rule, else its
   * domain's, else `access` (with locks, alarms, valves, garage doors and gates on confirm).
   */
  domain_access: DomainAccessSchema.optional(),
  entity_access: EntityAccessMapSchema.optional(),
  /** Bounds on what a call may set (brightness, temperature, volume, cover position). */
  limits: CallLimitsSchema.optional(),
});
export type Scope = z.infer<typeof ScopeSchema>;

/** `POST /api/v1/pairing/device-code` (public). */
export const DeviceCodeRequestSchema = z.object({
  name: DeviceNameSchema,
  type: DeviceTypeSchema.default("other"),
  model: chars(1, 64).optional(),
});
export type DeviceCodeRequest = z.input<typeof DeviceCodeRequestSchema>;

export const DeviceCodeResponseSchema = z.object({
  device_code: z.string(),
  user_code: z.string(),
  verification_uri: z.string(),
  verification_uri_complete: z.string(),
  expires_in: z.number().int(),
  interval: z.number().int(),
});
export type DeviceCodeResponse = z.infer<typeof DeviceCodeResponseSchema>;

/** `POST /api/v1/pairing/token` (public). */
export const TokenRequestSchema = z.object({ device_code: z.string().min(1).max(256) });
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

export const TokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  device_id: z.string(),
  scope: ScopeSchema,
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/**
 * The token endpoint answers pending/denied/expired grants in RFC 8628's own shape
 * (`{"error": "<code>"}` with HTTP 400) so OAuth device-flow clients work unchanged.
 */
export const TOKEN_ERRORS = [
  "authorization_pending",
  "slow_down",
  "access_denied",
  "expired_token",
  "invalid_grant",
] as const;
export type TokenErrorCode = (typeof TOKEN_ERRORS)[number];
export const TokenErrorResponseSchema = z.object({
  error: z.enum(TOKEN_ERRORS),
  error_description: z.string().optional(),
});
export type TokenErrorResponse = z.infer<typeof TokenErrorResponseSchema>;

/** `XXXX-XXXX` from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B). */
export const USER_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
export const UserCodeSchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(new RegExp(`^[${USER_CODE_ALPHABET}]{8}$`), "not a pairing code"))
  .transform((s) => `${s.slice(0, 4)}-${s.slice(4)}`);

export const PendingPairingSchema = z.object({
  user_code: z.string(),
  name: z.string(),
  type: DeviceTypeSchema,
  model: z.string().nullable(),
  ip: z.string().nullable(),
  created_at: z.string(),
  expires_at: z.string(),
  age_s: z.number().int(),
  /**
   * The HA login client (`client_id`) the device signs in to, for a request started at HA's
   * `/auth/authorize`; null for HAsync's own pairing. Approving gives that client the device.
   */
  client_id: z.string().nullable(),
});
export type PendingPairing = z.infer<typeof PendingPairingSchema>;

export const PendingPairingListSchema = z.object({ pending: z.array(PendingPairingSchema) });
export type PendingPairingList = z.infer<typeof PendingPairingListSchema>;

/** ISO date-time in the future, or null for "never". */
export const ExpiresAtSchema = z.iso.datetime({ offset: true }).nullable();

export const ApproveRequestSchema = z.object({
  user_code: UserCodeSchema,
  name: DeviceNameSchema.optional(),
  scope: ScopeSchema,
  expires_at: ExpiresAtSchema.optional(),
});
export type ApproveRequest = z.input<typeof ApproveRequestSchema>;

export const DenyRequestSchema = z.object({ user_code: UserCodeSchema });
export type DenyRequest = z.input<typeof DenyRequestSchema>;
