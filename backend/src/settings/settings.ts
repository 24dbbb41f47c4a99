import path from "node:path";
import { ACCESS_TOKEN_TTL_S } from "hasync";
import { z } from "zod";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every setting HAsync reads, by environment variable, with its default. This table is the one
 * place defaults live; run.sh and the add-on's config.yaml map onto these names.
 */
const EnvSchema = z.object({
  HASYNC_PORT: z.coerce.number().int().min(0).max(65535).default(8099),
  /** A second, always plain-HTTP listener for Home Assistant's ingress (the add-on uses 8098). */
  HASYNC_INGRESS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HASYNC_HOST: z.string().min(1).default("0.0.0.0"),
  HASYNC_DATA_DIR: z.string().min(1).default("./data"),
  HASYNC_LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  HASYNC_LOG_FORMAT: z.enum(["plain", "json"]).default("plain"),
  HASYNC_FRONTEND_DIR: z.string().min(1).optional(),
  HASYNC_INGRESS_PEER: z.string().min(1).default("172.30.32.2"),
  HASYNC_ADMIN_USERNAME: z.string().min(1).max(64).default("admin"),
  HASYNC_ADMIN_PASSWORD: z.string().max(1024).optional(),
  HASYNC_HA_URL: z.url({ protocol: /^https?$/ }).optional(),
  HASYNC_HA_TOKEN: z.string().min(1).max(4096).optional(),
  /** Set by the Supervisor inside the add-on (homeassistant_api: true). */
  SUPERVISOR_TOKEN: z.string().min(1).optional(),
  HASYNC_MAX_DEVICE_CONNECTIONS: z.coerce.number().int().min(1).max(10000).default(200),
  HASYNC_SSL: z.enum(["true", "false"]).default("false"),
  HASYNC_CERTFILE: z.string().min(1).optional(),
  HASYNC_KEYFILE: z.string().min(1).optional(),
  /** How long an access token from HA's login flow lives: HA's 30 minutes, or shorter. */
  HASYNC_ACCESS_TOKEN_LIFETIME_S: z.coerce
    .number()
    .int()
    .min(5)
    .max(ACCESS_TOKEN_TTL_S)
    .default(ACCESS_TOKEN_TTL_S),
});

/** Every environment variable the settings read; the add-on's drift tests hold run.sh to this list. */
export const SETTINGS_ENV_KEYS: readonly string[] = Object.freeze(Object.keys(EnvSchema.shape));

/** Where Home Assistant is: inside the add-on, at a URL with a token, or the embedded demo. */
export type HaTarget =
  | { mode: "supervisor"; websocketUrl: string; restUrl: string; token: string }
  | { mode: "url"; websocketUrl: string; restUrl: string; token: string }
  | { mode: "demo" };

export interface Settings {
  readonly port: number;
  /**
   * Where the Supervisor's ingress proxy connects. Ingress speaks plain HTTP, so when the LAN port
   * serves HTTPS (HASYNC_SSL) the sidebar needs a listener of its own.
   */
  readonly ingressPort: number | undefined;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly logFormat: "plain" | "json";
  /** Where the built admin UI lives; undefined means "next to the backend in this checkout/image". */
  readonly frontendDir: string | undefined;
  /** The only peer whose X-Ingress-Path / X-Remote-User-* headers are believed. */
  readonly ingressPeer: string;
  readonly adminUsername: string;
  /**
   * Hands out the admin password once and forgets it: the auth service hashes it at start and
   * nothing keeps the plain text afterwards.
   */
  readonly takeAdminPassword: () => string | undefined;
  readonly ha: HaTarget;
  readonly maxDeviceConnections: number;
  readonly tls: { certFile: string; keyFile: string } | undefined;
  /** Seconds an access token minted at `/auth/token` lives (HA's 1800, or shorter). */
  readonly accessTokenTtlS: number;
}

export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

/** Empty strings mean "not set": the add-on's run.sh exports optional options as empty values. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

/** Parses the environment once, reporting every problem at once; the result is frozen. */
export function parseSettings(env: NodeJS.ProcessEnv, cwd = process.cwd()): Settings {
  const result = EnvSchema.safeParse(withoutEmpty(env));
  if (!result.success) {
    throw new SettingsError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const e = result.data;
  const problems: string[] = [];
  if (e.HASYNC_HA_URL !== undefined && e.HASYNC_HA_TOKEN === undefined) {
    problems.push("HASYNC_HA_TOKEN: required when HASYNC_HA_URL is set (a long-lived access token)");
  }
  if (e.HASYNC_HA_TOKEN !== undefined && e.HASYNC_HA_URL === undefined && e.SUPERVISOR_TOKEN === undefined) {
    problems.push("HASYNC_HA_URL: required when HASYNC_HA_TOKEN is set");
  }
  if (e.HASYNC_SSL === "true" && (e.HASYNC_CERTFILE === undefined || e.HASYNC_KEYFILE === undefined)) {
    problems.push("HASYNC_CERTFILE, HASYNC_KEYFILE: both are required when HASYNC_SSL is true");
  }
  if (
    e.HASYNC_INGRESS_PORT !== undefined &&
    e.HASYNC_INGRESS_PORT !== 0 &&
    e.HASYNC_INGRESS_PORT === e.HASYNC_PORT
  ) {
    problems.push("HASYNC_INGRESS_PORT: must differ from HASYNC_PORT");
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return Object.freeze({
    port: e.HASYNC_PORT,
    ingressPort: e.HASYNC_INGRESS_PORT,
    host: e.HASYNC_HOST,
    dataDir: path.resolve(cwd, e.HASYNC_DATA_DIR),
    logLevel: e.HASYNC_LOG_LEVEL,
    logFormat: e.HASYNC_LOG_FORMAT,
    frontendDir: e.HASYNC_FRONTEND_DIR === undefined ? undefined : path.resolve(cwd, e.HASYNC_FRONTEND_DIR),
    ingressPeer: normalizeIp(e.HASYNC_INGRESS_PEER),
    adminUsername: e.HASYNC_ADMIN_USERNAME,
    takeAdminPassword: once(e.HASYNC_ADMIN_PASSWORD),
    ha: haTarget(e.SUPERVISOR_TOKEN, e.HASYNC_HA_URL, e.HASYNC_HA_TOKEN),
    maxDeviceConnections: e.HASYNC_MAX_DEVICE_CONNECTIONS,
    accessTokenTtlS: e.HASYNC_ACCESS_TOKEN_LIFETIME_S,
    tls:
      e.HASYNC_SSL === "true" && e.HASYNC_CERTFILE && e.HASYNC_KEYFILE
        ? { certFile: path.resolve(cwd, e.HASYNC_CERTFILE), keyFile: path.resolve(cwd, e.HASYNC_KEYFILE) }
        : undefined,
  });
}

/** The Supervisor wins inside the add-on; then an explicit URL; else the embedded demo. */
function haTarget(supervisorToken?: string, url?: string, token?: string): HaTarget {
  if (supervisorToken !== undefined) {
    return {
      mode: "supervisor",
      websocketUrl: "ws://supervisor/core/websocket",
      restUrl: "http://supervisor/core",
      token: supervisorToken,
    };
  }
  if (url !== undefined && token !== undefined) {
    const base = url.replace(/\/+$/, "");
    return {
      mode: "url",
      websocketUrl: `${base.replace(/^http/, "ws")}/api/websocket`,
      restUrl: base,
      token,
    };
  }
  return { mode: "demo" };
}

function once(secret: string | undefined): () => string | undefined {
  let value = secret;
  return () => {
    const taken = value;
    value = undefined;
    return taken;
  };
}

/** Node reports IPv4 peers on dual-stack sockets as ::ffff:a.b.c.d. */
export function normalizeIp(ip: string): string {
  return ip.startsWith("::ffff:") && ip.includes(".") ? ip.slice(7) : ip;
}
