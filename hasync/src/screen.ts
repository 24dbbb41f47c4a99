import { z } from "zod";
import { ScreenAuthorizeSchema } from "./ha-login.js";
import { DeviceNameSchema, DeviceTypeSchema, ScopeSchema } from "./pairing.js";

/**
 * The device side in a browser ("screens": a wall tablet, a guest's phone). The browser never
 * holds the device credential: HAsync keeps it in an HttpOnly cookie scoped to
 * `/api/v1/screen`, and the page asks for a short-lived single-use ticket to open HA's
 * WebSocket API (`{"type":"auth","access_token":<ticket>}`), so `home-assistant-js-websocket`
 * works unchanged. See DOCS.md "How a screen keeps its session".
 */

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const WeekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof WeekdaySchema>;

/** `HH:MM`, 00:00–24:00 (24:00 only as an end). */
const ClockSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "not a time (HH:MM)");

/** One weekly window, in Home Assistant's time zone: `tue 09:00–13:00`. `to` is after `from`. */
export const WeeklyWindowSchema = z
  .object({ day: WeekdaySchema, from: ClockSchema, to: ClockSchema })
  .refine((w) => w.from !== "24:00" && w.from < w.to, { message: "a window must end after it starts" });
export type WeeklyWindow = z.infer<typeof WeeklyWindowSchema>;

/**
 * When a pass is open. Outside the windows the device is read-only (`read`: it sees its scope,
 * every call is refused) or closed (`closed`: it sees nothing, its connections end).
 */
export const PassHoursSchema = z.object({
  windows: z.array(WeeklyWindowSchema).min(1).max(28),
  outside: z.enum(["read", "closed"]).default("closed"),
});
export type PassHours = z.infer<typeof PassHoursSchema>;
export type PassHoursInput = z.input<typeof PassHoursSchema>;

/** What a device may do right now, from its hours: `open` is whatever its scope allows. */
export const PassStateSchema = z.enum(["open", "read_only", "closed"]);
export type PassState = z.infer<typeof PassStateSchema>;

// --- screen API (`/api/v1/screen/*`, the browser's own endpoints) --------------------------

/** `POST /api/v1/screen/pairing`: a browser asks to be paired. The device code stays in a cookie. */
export const ScreenPairingRequestSchema = z.object({
  name: DeviceNameSchema,
  type: DeviceTypeSchema.default("tablet"),
  model: z.string().trim().min(1).max(64).optional(),
  /** Set when the screen is HA's `/auth/authorize`: approval then yields a code for this client. */
  authorize: ScreenAuthorizeSchema.optional(),
});
export type ScreenPairingRequest = z.input<typeof ScreenPairingRequestSchema>;

export const ScreenPairingSchema = z.object({
  user_code: z.string(),
  name: z.string(),
  expires_at: z.string(),
  /** Where the admin approves this very code: HAsync's panel in Home Assistant when known, else HAsync's admin UI. */
  approve_url: z.string(),
});
export type ScreenPairing = z.infer<typeof ScreenPairingSchema>;

/** `GET /api/v1/screen/pairing/events` (server-sent events, `event: status`): the admin's decision, live. */
export const ScreenPairingStatusSchema = z.object({
  status: z.enum(["pending", "approved", "denied", "expired"]),
});
export type ScreenPairingStatus = z.infer<typeof ScreenPairingStatusSchema>;

/** `GET /api/v1/screen/session`: who this browser is, and what its pass allows now. */
export const ScreenSessionSchema = z.object({
  device: z.object({
    id: z.string(),
    name: z.string(),
    type: DeviceTypeSchema,
    access: z.enum(["read", "control"]),
    expires_at: z.string().nullable(),
    hours: PassHoursSchema.nullable(),
    /** Created from an invite link (a guest pass). */
    guest: z.boolean(),
    /**
     * Each in-scope entity's access when it differs from `access` (guard.ts `effectiveAccess`):
     * a tile shows controls for `control` and `confirm` (which asks the admin first), none for `read`.
     */
    entity_access: z.record(z.string(), z.enum(["read", "control", "confirm"])).optional(),
  }),
  pass: PassStateSchema,
  /** When `pass` next changes (a window opens or closes, or the pass ends); null if never. */
  pass_changes_at: z.string().nullable(),
  /** Home Assistant's time zone, in which `hours` are meant. */
  time_zone: z.string(),
  now: z.string(),
});
export type ScreenSession = z.infer<typeof ScreenSessionSchema>;

/** `POST /api/v1/screen/ticket`: a single-use WebSocket auth ticket, valid for `expires_in` seconds. */
export const ScreenTicketSchema = z.object({ ticket: z.string(), expires_in: z.number().int() });
export type ScreenTicket = z.infer<typeof ScreenTicketSchema>;

/** `POST /api/v1/screen/invite`: the secret from the link's fragment, exchanged at once. */
export const InviteAcceptRequestSchema = z.object({
  secret: z.string().min(1).max(128),
  type: DeviceTypeSchema.default("phone"),
  model: z.string().trim().min(1).max(64).optional(),
});
export type InviteAcceptRequest = z.input<typeof InviteAcceptRequestSchema>;

/**
 * Error codes the screen API answers in the usual envelope: `no_session` (401: not paired, or
 * revoked), `pass_ended` (410: the pass expired), `pass_closed` (403: outside its hours, closed),
 * `invite_invalid` (404), `invite_used` (410), `invite_expired` (410), `invite_revoked` (410).
 */
export const SCREEN_ERROR_CODES = [
  "no_session",
  "pass_ended",
  "pass_closed",
  "invite_invalid",
  "invite_used",
  "invite_expired",
  "invite_revoked",
] as const;
export type ScreenErrorCode = (typeof SCREEN_ERROR_CODES)[number];

// --- invites (admin API, `/api/v1/admin/invites`) ------------------------------------------

/** Most devices one invite link may create. */
export const MAX_INVITE_USES = 20;

export const InviteCreateRequestSchema = z.object({
  /** The name each device made from the link gets ("Anna's phone"; numbered after the first). */
  name: DeviceNameSchema,
  scope: ScopeSchema,
  /** When access ends, for the link and every device made from it. Required: a guest pass ends. */
  expires_at: z.iso.datetime({ offset: true }),
  hours: PassHoursSchema.nullable().default(null),
  max_uses: z.number().int().min(1).max(MAX_INVITE_USES).default(1),
});
export type InviteCreateRequest = z.input<typeof InviteCreateRequestSchema>;

export const InviteSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: ScopeSchema,
  expires_at: z.string(),
  hours: PassHoursSchema.nullable(),
  max_uses: z.number().int(),
  uses: z.number().int(),
  created_at: z.string(),
  created_by: z.string(),
  /** `active` (usable), `used` (no uses left), `expired`, `revoked`. */
  status: z.enum(["active", "used", "expired", "revoked"]),
  /** Devices made from this link that still exist. */
  device_ids: z.array(z.string()),
});
export type Invite = z.infer<typeof InviteSchema>;

export const InviteListSchema = z.object({ invites: z.array(InviteSchema) });
export type InviteList = z.infer<typeof InviteListSchema>;

/** Answer to a create: the secret is shown this once (only its hash is kept). */
export const InviteCreatedSchema = z.object({
  invite: InviteSchema,
  secret: z.string(),
  /** The link to hand the guest: HAsync's device address with the secret in the fragment. */
  url: z.string(),
});
export type InviteCreated = z.infer<typeof InviteCreatedSchema>;

/** `POST /api/v1/admin/invites/:id/send`: sends the link through one of Home Assistant's `notify` services. */
export const InviteSendRequestSchema = z.object({
  /** `notify.<service>` as Home Assistant lists it (e.g. `notify.mobile_app_annas_phone`). */
  service: z.string().regex(/^notify\.[a-z0-9_]+$/, "not a notify service (notify.<name>)"),
  /** The secret from the create answer: proves the link is this invite's (only its hash is kept). */
  secret: z.string().min(1).max(128),
});
export type InviteSendRequest = z.input<typeof InviteSendRequestSchema>;

/** `GET /api/v1/admin/invites/notify-services`: where a link can be sent. */
export const NotifyServiceListSchema = z.object({
  services: z.array(z.object({ service: z.string(), name: z.string() })),
});
export type NotifyServiceList = z.infer<typeof NotifyServiceListSchema>;

/** The device-side address the admin hands out (`GET /api/v1/admin/screen-address`). */
export const ScreenAddressSchema = z.object({
  /** `http://<host>:<lan port>/` as a device on the LAN reaches HAsync. */
  url: z.string(),
});
export type ScreenAddress = z.infer<typeof ScreenAddressSchema>;
