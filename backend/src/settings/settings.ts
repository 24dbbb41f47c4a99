import path from "node:path";
import { z } from "zod";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every setting HAsync reads, by environment variable, with its default. This table is the one
 * place defaults live; run.sh and the add-on's config.yaml map onto these names.
 */
const EnvSchema = z.object({
  HASYNC_PORT: z.coerce.number().int().min(0).max(65535).default(8099),
  HASYNC_HOST: z.string().min(1).default("0.0.0.0"),
  HASYNC_DATA_DIR: z.string().min(1).default("./data"),
  HASYNC_LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  HASYNC_LOG_FORMAT: z.enum(["plain", "json"]).default("plain"),
  HASYNC_FRONTEND_DIR: z.string().min(1).optional(),
});

export interface Settings {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly logFormat: "plain" | "json";
  /** Where the built admin UI lives; undefined means "next to the backend in this checkout/image". */
  readonly frontendDir: string | undefined;
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
  return Object.freeze({
    port: e.HASYNC_PORT,
    host: e.HASYNC_HOST,
    dataDir: path.resolve(cwd, e.HASYNC_DATA_DIR),
    logLevel: e.HASYNC_LOG_LEVEL,
    logFormat: e.HASYNC_LOG_FORMAT,
    frontendDir: e.HASYNC_FRONTEND_DIR === undefined ? undefined : path.resolve(cwd, e.HASYNC_FRONTEND_DIR),
  });
}
