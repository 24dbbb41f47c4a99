import { z } from "zod";

/**
 * What a device may do with one entity (issue 15). `hidden`: absent on every surface, as if out
 * of the scope; `read`: seen, never changed; `control`: its calls go to Home Assistant;
 * `confirm`: each call is held until the household's admin allows it.
 */
export const ENTITY_ACCESS = ["hidden", "read", "control", "confirm"] as const;
export const EntityAccessSchema = z.enum(ENTITY_ACCESS);
export type EntityAccess = z.infer<typeof EntityAccessSchema>;

const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
const DOMAIN = /^[a-z0-9_]+$/;
/** Most keys one access map may hold (as many as a scope may list entities). */
export const MAX_ACCESS_RULES = 5000;

const accessMap = (key: RegExp, what: string) =>
  z
    .record(z.string().regex(key, `not ${what}`), EntityAccessSchema)
    .refine((map) => Object.keys(map).length <= MAX_ACCESS_RULES, {
      message: `at most ${MAX_ACCESS_RULES} rules`,
    });
export const DomainAccessSchema = accessMap(DOMAIN, "a domain");
export const EntityAccessMapSchema = accessMap(ENTITY_ID, "an entity id");

/** Domains whose every call waits for the admin unless a rule says otherwise (a scope with control). */
export const CONFIRM_BY_DEFAULT_DOMAINS: readonly string[] = ["lock", "alarm_control_panel", "valve"];
/** Covers that are doors people walk or drive through (HA's cover device classes `garage` and `gate`). */
export const CONFIRM_BY_DEFAULT_COVER_CLASSES: readonly string[] = ["garage", "gate"];

/** The access rules of a scope; `Scope` carries these fields (pairing.ts). */
export interface AccessRules {
  access: "read" | "control";
  domain_access?: Record<string, EntityAccess> | undefined;
  entity_access?: Record<string, EntityAccess> | undefined;
}

/** Whether an entity needs the admin's confirmation when nothing but the scope's `access` speaks. */
export function confirmByDefault(entityId: string, deviceClass?: unknown): boolean {
  const domain = entityId.slice(0, entityId.indexOf("."));
  if (CONFIRM_BY_DEFAULT_DOMAINS.includes(domain)) return true;
  return domain === "cover" && CONFIRM_BY_DEFAULT_COVER_CLASSES.includes(String(deviceClass));
}

/**
 * One entity's access under a scope: its own rule, else its domain's rule, else the scope's
 * `access`, where `control` means `confirm` for locks, alarm panels, valves, garage doors and
 * gates. Shared by the backend's decisions and the admin UI's preview, so both say the same.
 * `deviceClass` is the entity's `device_class` attribute (only covers read it).
 */
export function effectiveAccess(rules: AccessRules, entityId: string, deviceClass?: unknown): EntityAccess {
  const own = rules.entity_access?.[entityId];
  if (own !== undefined) return own;
  const domain = rules.domain_access?.[entityId.slice(0, entityId.indexOf("."))];
  if (domain !== undefined) return domain;
  if (rules.access === "read") return "read";
  return confirmByDefault(entityId, deviceClass) ? "confirm" : "control";
}

const range = (lo: number, hi: number) =>
  z
    .object({
      min: z.number().min(lo).max(hi).optional(),
      max: z.number().min(lo).max(hi).optional(),
    })
    .strict()
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
      message: "min must not be above max",
    });
export type CallRange = { min?: number | undefined; max?: number | undefined };

/**
 * Bounds on what one call may set, per device. Temperatures are in Home Assistant's own unit
 * (`get_config` `unit_system.temperature`); the others in percent as HA's interface shows them
 * (brightness 255 = 100 %, volume_level 1 = 100 %, cover position 100 = open).
 */
export const CallLimitsSchema = z
  .object({
    climate_temperature: range(-100, 1000).optional(),
    light_brightness_pct: range(0, 100).optional(),
    media_volume_pct: range(0, 100).optional(),
    cover_position_pct: range(0, 100).optional(),
  })
  .strict();
export type CallLimits = z.infer<typeof CallLimitsSchema>;

/** A device's own service-call rate: `burst` calls at once, refilled at `per_minute`. */
export const ServiceRateSchema = z
  .object({
    burst: z.number().int().min(1).max(200),
    per_minute: z.number().int().min(1).max(6000),
  })
  .strict();
export type ServiceRate = z.infer<typeof ServiceRateSchema>;

/** The rate a device without its own has: 20 at once, then 10 a second (gateway/rate-limit.ts). */
export const DEFAULT_SERVICE_RATE: ServiceRate = { burst: 20, per_minute: 600 };

// --- confirmations ------------------------------------------------------------------------

/** Calls one device may have waiting for the admin at once; a further one is refused. */
export const MAX_PENDING_CONFIRMATIONS_PER_DEVICE = 3;
/** Calls waiting for the admin across all devices. */
export const MAX_PENDING_CONFIRMATIONS = 50;

/** `mobile_app`: an HA app's webhook (`/api/webhook/<id>` call_service, backend/src/mobile-app/). */
export const CONFIRM_VIA = ["websocket", "rest", "mcp", "mobile_app"] as const;
export type ConfirmVia = (typeof CONFIRM_VIA)[number];

/** A held call, as the admin sees it (live in the panel, and in Home Assistant's notifications). */
export const ConfirmationSchema = z.object({
  id: z.string(),
  device_id: z.string(),
  device_name: z.string(),
  /** `lock.unlock` */
  service: z.string(),
  /** The in-scope entities the call acts on, with their names now. */
  entities: z.array(z.object({ entity_id: z.string(), name: z.string() })),
  /** The call's service data (clipped for display), targets removed. */
  data: z.record(z.string(), z.unknown()),
  via: z.enum(CONFIRM_VIA),
  asked_at: z.string(),
  deadline_at: z.string(),
});
export type Confirmation = z.infer<typeof ConfirmationSchema>;

export const ConfirmationListSchema = z.object({ confirmations: z.array(ConfirmationSchema) });
export type ConfirmationList = z.infer<typeof ConfirmationListSchema>;

export const CONFIRMATION_OUTCOMES = ["allowed", "denied", "timed_out", "withdrawn"] as const;
export type ConfirmationOutcome = (typeof CONFIRMATION_OUTCOMES)[number];

/** `POST /api/v1/admin/confirmations/:id` */
export const ConfirmDecisionSchema = z.object({ decision: z.enum(["allow", "deny"]) }).strict();
export type ConfirmDecision = z.infer<typeof ConfirmDecisionSchema>;

/** The answer to a decision: how the held call ended (`allowed` once HA has answered it). */
export const ConfirmDecisionResultSchema = z.object({ outcome: z.enum(CONFIRMATION_OUTCOMES) });
export type ConfirmDecisionResult = z.infer<typeof ConfirmDecisionResultSchema>;

/** `GET|PUT /api/v1/admin/confirm-settings`: where confirmations go, and how long a call waits. */
export const ConfirmSettingsSchema = z
  .object({
    /** A Home Assistant `notify` service for an actionable notification (`notify.mobile_app_x`), or null. */
    notify_service: z
      .string()
      .regex(/^notify\.[a-z0-9_]+$/, "not a notify service (notify.<name>)")
      .nullable(),
    /** Seconds a held call waits for the admin before it is refused. */
    timeout_s: z.number().int().min(15).max(600),
  })
  .strict();
export type ConfirmSettings = z.infer<typeof ConfirmSettingsSchema>;
export const DEFAULT_CONFIRM_SETTINGS: ConfirmSettings = { notify_service: null, timeout_s: 120 };

// --- MCP --------------------------------------------------------------------------------

/** Where an AI agent's MCP client connects on the LAN port (Streamable HTTP). */
export const MCP_PATH = "/mcp";
/** MCP sessions one agent may hold open at once, and all agents together. */
export const MAX_MCP_SESSIONS_PER_DEVICE = 4;
export const MAX_MCP_SESSIONS = 64;
