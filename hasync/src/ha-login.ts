import { z } from "zod";

/**
 * Home Assistant's own login flow, answered by HAsync (`components/auth/__init__.py`,
 * `login_flow.py`, `indieauth.py`): a device signs in at `/auth/authorize` (HAsync's pairing
 * screen), the admin approves, and the client trades the code at `/auth/token`. The refresh token
 * it gets is the device's own credential; access tokens expire as HA's do.
 */

/** HA's `auth/const.py ACCESS_TOKEN_EXPIRATION` (30 minutes). */
export const ACCESS_TOKEN_TTL_S = 1800;
/** HA's `auth/__init__.py retrieve_result`: a code is good for 10 minutes, once. */
export const AUTH_CODE_TTL_S = 600;
/** Access tokens a device may hold at once; the oldest gives way (a client refreshing often). */
export const MAX_ACCESS_TOKENS_PER_DEVICE = 10;
/** IndieAuth URLs longer than this are refused before any parsing. */
export const MAX_CLIENT_URL_LENGTH = 2048;

/** HA's own apps' callbacks (`indieauth.py verify_redirect_uri`), accepted without a look-up. */
export const HA_APP_CALLBACKS: Readonly<Record<string, readonly string[]>> = {
  "https://home-assistant.io/iOS": ["homeassistant://auth-callback"],
  "https://home-assistant.io/android": [
    "homeassistant://auth-callback",
    "https://wear.googleapis.com/3p_auth/io.homeassistant.companion.android",
    "https://wear.googleapis-cn.com/3p_auth/io.homeassistant.companion.android",
  ],
};

const ClientUrlSchema = z.string().min(1).max(MAX_CLIENT_URL_LENGTH);

/** What `/auth/authorize` was opened with; the screen passes it on when it starts pairing. */
export const ScreenAuthorizeSchema = z.object({
  client_id: ClientUrlSchema,
  redirect_uri: ClientUrlSchema,
});
export type ScreenAuthorize = z.infer<typeof ScreenAuthorizeSchema>;

/** `GET /api/v1/screen/authorize?client_id&redirect_uri`: the client the screen is signing in. */
export const ScreenAuthorizeInfoSchema = z.object({
  client_id: z.string(),
  redirect_uri: z.string(),
  /** What the page calls the client: "Home Assistant app", or the client's host. */
  client_name: z.string(),
  /** One of HA's own apps (iOS, Android). */
  ha_app: z.boolean(),
});
export type ScreenAuthorizeInfo = z.infer<typeof ScreenAuthorizeInfoSchema>;

/** `POST /api/v1/screen/pairing/collect` for a pairing started from `/auth/authorize`. */
export const ScreenAuthorizeGrantSchema = z.object({
  /** The authorization code for `redirect_uri?code=…&state=…` (single use, 10 minutes). */
  code: z.string(),
});
export type ScreenAuthorizeGrant = z.infer<typeof ScreenAuthorizeGrantSchema>;

/** `POST /auth/token` answers, in HA's shape. */
export const HaTokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
  refresh_token: z.string().optional(),
  ha_auth_provider: z.string().optional(),
});
export type HaTokenResponse = z.infer<typeof HaTokenResponseSchema>;

/** Which interface a device opening HAsync's device address gets (DOCS "Which interface a device gets"). */
export const DEVICE_INTERFACES = ["hasync", "home_assistant"] as const;
export const DeviceInterfaceSchema = z.enum(DEVICE_INTERFACES);
export type DeviceInterface = z.infer<typeof DeviceInterfaceSchema>;

/** `PUT /api/v1/admin/interface-settings`. */
export const InterfaceSettingsSchema = z.object({ device_interface: DeviceInterfaceSchema });
export type InterfaceSettings = z.infer<typeof InterfaceSettingsSchema>;
export const DEFAULT_INTERFACE_SETTINGS: InterfaceSettings = { device_interface: "hasync" };

/** `GET /api/v1/admin/interface-settings`: the choice and whether HA's interface can be served. */
export const InterfaceStatusSchema = InterfaceSettingsSchema.extend({
  ha_frontend: z.object({
    available: z.boolean(),
    /** The HA version whose interface is cached and served, when available. */
    version: z.string().nullable(),
    /** Why it is not available (the embedded demo, HA unreachable), in plain words. */
    reason: z.string().nullable(),
  }),
});
export type InterfaceStatus = z.infer<typeof InterfaceStatusSchema>;

/** A dashboard's `url_path` (`lovelace` is HA's default Overview). */
export const DashboardPathSchema = z
  .string()
  .regex(/^[a-z0-9_-]{1,64}$/, "a dashboard url_path: lowercase letters, digits, '-' and '_'");
export const MAX_DASHBOARDS_PER_DEVICE = 20;
/**
 * The HA dashboards a device may open in HA's interface, besides the Overview HAsync generates
 * from its scope. Empty: only that Overview. Naming `lovelace` serves HA's own Overview instead.
 */
export const DeviceDashboardsSchema = z.array(DashboardPathSchema).max(MAX_DASHBOARDS_PER_DEVICE);

/** One of HA's dashboards as `lovelace/dashboards/list` gives it (`lovelace/dashboard.py`), for the picker. */
export const HaDashboardSchema = z.object({
  url_path: DashboardPathSchema,
  title: z.string(),
  icon: z.string().nullable(),
  /** `storage` (made in HA's UI) or `yaml`; null for the default Overview, which HA does not list. */
  mode: z.enum(["storage", "yaml"]).nullable(),
  /** HA shows it only to its admins. */
  require_admin: z.boolean(),
});
export type HaDashboard = z.infer<typeof HaDashboardSchema>;

/** `GET /api/v1/admin/ha/dashboards`: HA's default Overview (`lovelace`) first, then HA's list. */
export const HaDashboardListSchema = z.object({
  dashboards: z.array(HaDashboardSchema),
  /** Why only the default Overview is listed (HA lists none, or is not connected), in plain words. */
  reason: z.string().nullable(),
});
export type HaDashboardList = z.infer<typeof HaDashboardListSchema>;
