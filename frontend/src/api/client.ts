import type { ErrorEnvelope, HealthResponse } from "hasync";
import { apiUrl } from "./urls.js";

/** An API failure with the envelope's machine code kept for logic and a sentence for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The server's own wording, used where it adds detail (e.g. which field is invalid). */
    readonly serverMessage: string,
    readonly retryAfterS?: number,
  ) {
    super(serverMessage);
    this.name = "ApiError";
  }
}

/** No answer at all: the server is down or the network is. */
export class NetworkError extends Error {
  constructor() {
    super("network");
    this.name = "NetworkError";
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called when an admin call answers 401: the session ended (expired, or logged out elsewhere). */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorEnvelope> | undefined;
  try {
    body = (await res.json()) as Partial<ErrorEnvelope>;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  if (error && typeof error.code === "string") {
    return new ApiError(res.status, error.code, String(error.message ?? ""), error.retry_after_s);
  }
  return new ApiError(res.status, res.status === 404 ? "not_found" : "http_error", res.statusText);
}

/**
 * Every call goes to a URL relative to the document base. State-changing calls always carry a
 * JSON body (`{}` when there is nothing to say): the server refuses anything else.
 */
async function send<T>(method: string, url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const init: RequestInit = { method, signal, credentials: "same-origin", headers };
  if (method !== "GET") {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new NetworkError();
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && url.startsWith(apiUrl("admin/"))) for (const l of unauthorizedListeners) l();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** `path` is under `api/v1/`, e.g. `admin/devices`. */
export function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  return send<T>(method, apiUrl(path), body, signal);
}

/** `health` sits at the app's root, beside `api/`, not under it. */
export function getHealth(signal?: AbortSignal): Promise<HealthResponse> {
  return send<HealthResponse>("GET", "health", undefined, signal);
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>("GET", path, undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  delete: (path: string) => request<void>("DELETE", path, {}),
};
