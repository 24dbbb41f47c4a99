import { z } from "zod";

/** Audit event types, grouped by prefix (`auth.`, `pairing.`, `device.`, `gateway.`, `invite.`, `confirm.`, `mcp.`). */
export const AUDIT_TYPES = [
  "auth.login",
  "auth.login_failed",
  "auth.lockout",
  "auth.logout",
  "pairing.requested",
  "pairing.approved",
  "pairing.denied",
  "pairing.approve_failed",
  "device.renamed",
  "device.scope_changed",
  "device.expiry_changed",
  "device.admin_presentation_changed",
  "device.revoked",
  "device.hours_changed",
  "device.rate_changed",
  "gateway.call_refused",
  "confirm.requested",
  "confirm.allowed",
  "confirm.denied",
  "confirm.timed_out",
  "confirm.withdrawn",
  "confirm.settings_changed",
  "mcp.session_opened",
  "mcp.session_closed",
  "mcp.tool_called",
  "login.code_issued",
  "login.token_issued",
  "login.token_refused",
  "login.revoked",
  "interface.settings_changed",
  "device.dashboards_changed",
  "invite.created",
  "invite.used",
  "invite.refused",
  "invite.revoked",
  "invite.sent",
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  type: z.string(),
  actor: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  /**
   * How many times this happened, when one entry stands for repetitions (the same device's same
   * refused call within a few minutes); absent for a single event.
   */
  count: z.number().int().min(2).optional(),
  /** When the latest repetition happened (ISO); present with `count`. */
  last_at: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** `GET /api/v1/admin/audit?type=auth&since=<ISO>&before=<id>&limit=50` (newest first). */
export const AuditQuerySchema = z.object({
  /** A full type (`auth.login`) or a group prefix (`auth`). */
  type: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)?$/)
    .optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  /** Pass as `before` to get the next (older) page; null at the end. */
  next_before: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;
