/**
 * Plumbing shared by the device SDK: base URLs, bounded JSON requests, abortable sleeps.
 * Runs on Node 18.16+ (global fetch) and in browsers.
 */

/** Waits `ms`; rejects with the signal's reason when aborted. Tests pass one that drives a fake clock. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RequestOptions {
  /** Cancels the request (and, for `pair`, the whole flow). */
  signal?: AbortSignal;
  /** Another fetch implementation (a proxy-aware one, for example); default the global fetch. */
  fetch?: typeof fetch;
  /** Per-request limit: a server that accepts and never answers must not hang the device. Default 30 s. */
  timeoutMs?: number;
}

/** Why a request failed before an HTTP answer could be read. */
export type TransportFailure = "aborted" | "timeout" | "unreachable" | "bad_response";
export type FailureFactory = (code: TransportFailure, message: string) => Error;

export interface JsonReply {
  status: number;
  /** The parsed body; `undefined` when it was empty or not JSON. */
  body: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Checks an `http(s)://host[:port][/prefix]` base and gives it a trailing slash, so relative
 * paths such as `api/states` resolve under a prefix too. Throws TypeError for anything else.
 */
export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`not a URL: ${JSON.stringify(baseUrl)} (expected something like http://host:8099)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`not an http(s) URL: ${JSON.stringify(baseUrl)}`);
  }
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

/** The base's WebSocket twin: `http` → `ws`, `https` → `wss`. */
export function webSocketUrl(base: URL, path: string): URL {
  const url = new URL(path, base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url;
}

export const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "unknown host",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_SOCKET: "connection closed unexpectedly",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed TLS certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "self-signed TLS certificate",
  CERT_HAS_EXPIRED: "expired TLS certificate",
};

type Coded = { code?: unknown; message?: unknown; cause?: Coded } | null | undefined;

/** Node's fetch says only "fetch failed" (the reason is in `cause.code`); ws errors carry `code`. */
export function networkReason(error: unknown): string {
  const cause = (error as Coded)?.cause;
  const code = [cause?.code, (error as Coded)?.code].find((c): c is string => typeof c === "string");
  if (code !== undefined) return NETWORK_REASONS[code] ?? code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * One bounded HTTP exchange. Network failures, the timeout and the caller's abort become errors
 * made by `fail`, so each SDK function throws its own typed error.
 */
export async function requestJson(
  url: URL,
  init: RequestInit,
  options: RequestOptions,
  fail: FailureFactory,
): Promise<JsonReply> {
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(), timeoutMs);
  const onAbort = () => limit.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (signal?.aborted) throw fail("aborted", "cancelled");
    const res = await (options.fetch ?? fetch)(url, { ...init, signal: limit.signal });
    return { status: res.status, body: parseJson(await res.text()) };
  } catch (error) {
    if (signal?.aborted) throw fail("aborted", "cancelled");
    if (limit.signal.aborted) {
      throw fail("timeout", `${url.origin} did not answer within ${timeoutMs / 1000} s`);
    }
    throw fail("unreachable", `cannot reach ${url.origin}: ${networkReason(error)}`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
