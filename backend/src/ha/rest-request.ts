import type { HaRequestInit } from "./types.js";
import { HaCommandError } from "./types.js";

/** HA's REST answers headers quickly even for big bodies; the body itself streams without a limit. */
const HEADERS_TIMEOUT_MS = 10_000;

/**
 * One request to Home Assistant's REST API with HAsync's own token. The token goes only in the
 * Authorization header, never into a URL; the response is handed back unread so its body can be
 * streamed on to a device. Failing to reach HA rejects with HaCommandError("not_connected").
 */
export async function haRestRequest(
  baseUrl: string,
  token: string,
  path: string,
  init: HaRequestInit = {},
): Promise<Response> {
  if (!path.startsWith("/api/")) throw new Error(`not an HA API path: ${path}`);
  const headersTimeout = AbortSignal.timeout(HEADERS_TIMEOUT_MS);
  const controller = new AbortController();
  const abort = () => controller.abort();
  init.signal?.addEventListener("abort", abort, { once: true });
  headersTimeout.addEventListener("abort", abort, { once: true });
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? "GET",
      headers: { ...init.headers, Authorization: `Bearer ${token}` },
      ...(init.body === undefined ? {} : { body: init.body }),
      signal: controller.signal,
      redirect: "manual",
    });
    headersTimeout.removeEventListener("abort", abort);
    return response;
  } catch (error) {
    init.signal?.removeEventListener("abort", abort);
    if (init.signal?.aborted) throw error;
    throw new HaCommandError(
      headersTimeout.aborted ? "timeout" : "not_connected",
      headersTimeout.aborted
        ? `Home Assistant did not answer ${path} within ${HEADERS_TIMEOUT_MS} ms.`
        : "Home Assistant is not reachable right now.",
    );
  }
}
