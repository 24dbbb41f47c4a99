import type { LogLevel } from "../settings/settings.js";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger for a sub-namespace: `hasync` → `hasync:ha`. */
  child(namespace: string): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  format: "plain" | "json";
  write?: (line: string) => void;
  now?: () => Date;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Field names whose values are never printed, whatever a caller passes. A second line of defence:
 * callers must not log secrets in the first place.
 */
const SECRET_KEY = /pass|secret|token|cookie|authorization|session|user_?code|device_?code/i;
/** A bare `code` may be a pairing code (a string) or a harmless number such as a close code. */
const isSecret = (key: string, value: unknown): boolean =>
  SECRET_KEY.test(key) || (/^code$/i.test(key) && typeof value === "string");

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (isSecret(key, value)) out[key] = "[redacted]";
    else if (value instanceof Error) out[key] = value.message;
    else out[key] = value;
  }
  return out;
}

function plainValue(value: unknown): string {
  if (typeof value === "string") return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** One logger, namespaced, to stdout: plain lines by default, JSON lines on a switch. */
export function createLogger(options: LoggerOptions, namespace = "hasync"): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const threshold = RANK[options.level];

  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (RANK[level] < threshold) return;
    const safe = fields ? redact(fields) : {};
    const time = now().toISOString();
    if (options.format === "json") {
      write(JSON.stringify({ time, level, ns: namespace, msg: message, ...safe }));
      return;
    }
    const extra = Object.entries(safe)
      .map(([k, v]) => ` ${k}=${plainValue(v)}`)
      .join("");
    write(`${time} ${level.toUpperCase().padEnd(5)} ${namespace}: ${message}${extra}`);
  };

  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (ns) => createLogger(options, `${namespace}:${ns}`),
  };
}
