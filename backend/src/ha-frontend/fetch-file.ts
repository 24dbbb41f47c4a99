/**
 * One bounded request for a file of HA's interface: a size cap and one time limit for the
 * headers and the whole body, so a slow or huge answer from HA costs a bounded amount.
 */

export interface FetchLimits {
  /** Largest file taken from HA (its biggest built file is under 2 MB). */
  maxFileBytes: number;
  /** Time for the headers and the whole body of one file. */
  timeoutMs: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { maxFileBytes: 16 * 1024 * 1024, timeoutMs: 30_000 };

/** A file as HA sent it: its status, the headers HAsync passes on, and the body's bytes. */
export interface Fetched {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The response headers that describe the file, as HA sets them (aiohttp's FileResponse and
 * homeassistant/components/http/headers.py). Not the transfer's own (length, encoding: the body
 * is passed on decoded) and not the connection's.
 */
const KEPT_HEADERS = [
  "content-type",
  "cache-control",
  "etag",
  "last-modified",
  "expires",
  "referrer-policy",
  "x-content-type-options",
  "x-frame-options",
] as const;

export type FetchFailure = "unreachable" | "timeout" | "too_large" | "status";

/** Why a file could not be taken from HA; `status` carries HA's own status for "status". */
export class FrontendFetchError extends Error {
  constructor(
    readonly reason: FetchFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "FrontendFetchError";
  }
}

/**
 * GETs `url`; anything but a complete 200 within the limits throws FrontendFetchError. A GET is
 * safe to repeat, so a connection that failed (a kept-alive socket HA closed just then) is tried
 * once more on a new one.
 */
export async function fetchFile(url: string, limits: FetchLimits, accept = "*/*"): Promise<Fetched> {
  try {
    return await fetchOnce(url, limits, accept);
  } catch (error) {
    if (!(error instanceof FrontendFetchError) || error.reason !== "unreachable") throw error;
    return fetchOnce(url, limits, accept);
  }
}

async function fetchOnce(url: string, limits: FetchLimits, accept: string): Promise<Fetched> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), limits.timeoutMs);
  try {
    const res = await fetch(url, { signal: abort.signal, redirect: "manual", headers: { accept } });
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      throw new FrontendFetchError("status", `Home Assistant answered ${res.status}`, res.status);
    }
    const declared = Number(res.headers.get("content-length") ?? "0");
    if (declared > limits.maxFileBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw tooLarge(limits);
    }
    const body = await readCapped(res, limits.maxFileBytes);
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = res.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    return { status: 200, headers, body };
  } catch (error) {
    if (error instanceof FrontendFetchError) throw error;
    if (abort.signal.aborted) {
      throw new FrontendFetchError("timeout", `Home Assistant did not send it within ${limits.timeoutMs} ms`);
    }
    throw new FrontendFetchError("unreachable", `Home Assistant could not be reached (${causeOf(error)})`);
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const reader = res.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FrontendFetchError("too_large", `the file is over ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

function tooLarge(limits: FetchLimits): FrontendFetchError {
  return new FrontendFetchError("too_large", `the file is over ${limits.maxFileBytes} bytes`);
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === "string") return cause.code;
  return error instanceof Error ? error.message : String(error);
}
