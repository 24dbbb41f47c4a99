import {
  abortableSleep,
  type FailureFactory,
  parseBaseUrl,
  type RequestOptions,
  requestJson,
  type Sleep,
} from "./client.js";
import { type EntityState, EntityStateListSchema } from "./entities.js";
import { ErrorEnvelopeSchema } from "./errors.js";
import {
  type DeviceCodeRequest,
  type DeviceCodeResponse,
  DeviceCodeResponseSchema,
  TokenErrorResponseSchema,
  type TokenResponse,
  TokenResponseSchema,
} from "./pairing.js";

/**
 * The device side of HAsync: pairing by the device flow (modelled on RFC 8628) and the
 * Home Assistant-compatible API a paired device uses. Every failure is a typed error with a
 * stable `code` and a one-line message a person can act on.
 */

export type PairingErrorCode =
  /** An admin denied the device. */
  | "access_denied"
  /** Nobody approved within `expires_in`: start again. */
  | "expired_token"
  /** The server does not know the device code (already collected, or purged). */
  | "invalid_grant"
  /** The caller's signal aborted the flow. */
  | "aborted"
  /** The server refused the request itself (for example a name longer than 64 characters). */
  | "invalid_request"
  /** Too many pairing requests: `retryAfterS` says when to try again. */
  | "rate_limited"
  | "unreachable"
  | "timeout"
  /** The server answered something that is not HAsync's pairing API. */
  | "bad_response";

export class PairingError extends Error {
  override readonly name = "PairingError";
  constructor(
    readonly code: PairingErrorCode,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

export type DeviceApiErrorCode =
  | "token_rejected"
  | "not_found"
  | "unreachable"
  | "timeout"
  | "aborted"
  | "bad_response"
  | "connection_closed";

export class DeviceApiError extends Error {
  override readonly name = "DeviceApiError";
  constructor(
    readonly code: DeviceApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const TOKEN_REJECTED = "token rejected: revoked or expired";

export interface PairOptions extends RequestOptions {
  /** Waits between polls; default a real, abortable timer. */
  sleep?: Sleep;
}

/** RFC 8628 §3.5: on `slow_down` the interval grows by 5 seconds for the rest of the flow. */
const SLOW_DOWN_STEP_MS = 5000;
/** Network errors and 5xx answers in a row that end polling; one blip must not lose a pairing. */
const MAX_POLL_FAILURES = 3;

const pairingFailure: FailureFactory = (code, message) =>
  new PairingError(code, code === "aborted" ? "pairing cancelled" : message);

function envelopeOf(body: unknown): { message: string; retryAfterS?: number } | null {
  const parsed = ErrorEnvelopeSchema.safeParse(body);
  if (!parsed.success) return null;
  const { message, retry_after_s } = parsed.data.error;
  return retry_after_s === undefined ? { message } : { message, retryAfterS: retry_after_s };
}

const postJson = (url: URL, body: unknown, options: RequestOptions) =>
  requestJson(
    url,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    options,
    pairingFailure,
  );

/** `POST /api/v1/pairing/device-code`: the codes to show. Most apps call `pair` instead. */
export async function requestDeviceCode(
  baseUrl: string,
  device: DeviceCodeRequest,
  options: RequestOptions = {},
): Promise<DeviceCodeResponse> {
  const url = new URL("api/v1/pairing/device-code", parseBaseUrl(baseUrl));
  const { status, body } = await postJson(url, device, options);
  const envelope = envelopeOf(body);
  if (status === 429) {
    const wait = envelope?.retryAfterS;
    const when = wait === undefined ? "later" : `in ${wait} s`;
    throw new PairingError("rate_limited", `too many pairing requests: try again ${when}`, wait);
  }
  if (status === 400 && envelope) throw new PairingError("invalid_request", envelope.message);
  const codes = status === 200 ? DeviceCodeResponseSchema.safeParse(body) : null;
  if (!codes?.success) {
    throw new PairingError(
      "bad_response",
      `${url.origin} is not a HAsync server (HTTP ${status} from ${url})`,
    );
  }
  return codes.data;
}

type Poll = { kind: "token"; token: TokenResponse } | { kind: "wait"; extraMs: number } | { kind: "retry" };

async function pollOnce(url: URL, deviceCode: string, options: RequestOptions): Promise<Poll> {
  let reply: Awaited<ReturnType<typeof postJson>>;
  try {
    reply = await postJson(url, { device_code: deviceCode }, options);
  } catch (error) {
    if (error instanceof PairingError && (error.code === "unreachable" || error.code === "timeout")) {
      return { kind: "retry" };
    }
    throw error;
  }
  const { status, body } = reply;
  if (status >= 500) return { kind: "retry" };
  if (status === 429) return { kind: "wait", extraMs: (envelopeOf(body)?.retryAfterS ?? 0) * 1000 };
  const token = status === 200 ? TokenResponseSchema.safeParse(body) : null;
  if (token?.success) return { kind: "token", token: token.data };
  const grant = status === 400 ? TokenErrorResponseSchema.safeParse(body) : null;
  if (!grant?.success)
    throw new PairingError("bad_response", `unexpected answer from ${url} (HTTP ${status})`);
  const { error, error_description } = grant.data;
  if (error === "authorization_pending") return { kind: "wait", extraMs: 0 };
  if (error === "slow_down") return { kind: "wait", extraMs: SLOW_DOWN_STEP_MS };
  throw new PairingError(error, error_description ?? error.replaceAll("_", " "));
}

/**
 * Polls `POST /api/v1/pairing/token` every `interval` seconds (5 more after each `slow_down`)
 * until an admin decides, and resolves with the token. It can be called again after a restart
 * with the same codes; a second call after success fails with `invalid_grant` (tokens are
 * handed over once).
 */
export async function waitForApproval(
  baseUrl: string,
  codes: Pick<DeviceCodeResponse, "device_code" | "interval" | "expires_in">,
  options: PairOptions = {},
): Promise<TokenResponse> {
  const url = new URL("api/v1/pairing/token", parseBaseUrl(baseUrl));
  const sleep = options.sleep ?? abortableSleep;
  let intervalMs = codes.interval * 1000;
  let waitedMs = 0;
  let failures = 0;
  // Bounded even if the server never says expired_token: the code is dead after expires_in.
  while (waitedMs <= codes.expires_in * 1000) {
    try {
      await sleep(intervalMs, options.signal);
    } catch (error) {
      if (options.signal?.aborted) throw pairingFailure("aborted", "cancelled");
      throw error;
    }
    waitedMs += intervalMs;
    const poll = await pollOnce(url, codes.device_code, options);
    if (poll.kind === "token") return poll.token;
    failures = poll.kind === "retry" ? failures + 1 : 0;
    if (failures >= MAX_POLL_FAILURES) {
      throw new PairingError("unreachable", `lost contact with ${url.origin} while waiting for approval`);
    }
    if (poll.kind === "wait") intervalMs += poll.extraMs;
  }
  throw new PairingError("expired_token", "The code expired. Start pairing again.");
}

/**
 * Pairs this device: asks for codes, hands them to `onCode` (show `user_code`, or a QR code of
 * `verification_uri_complete`), then waits for an admin's decision. Resolves with the device
 * token, which the device must store: it is never shown again.
 */
export async function pair(
  baseUrl: string,
  device: DeviceCodeRequest,
  onCode: (codes: DeviceCodeResponse) => void,
  options: PairOptions = {},
): Promise<TokenResponse> {
  const codes = await requestDeviceCode(baseUrl, device, options);
  onCode(codes);
  return waitForApproval(baseUrl, codes, options);
}

const deviceApiFailure: FailureFactory = (code, message) =>
  new DeviceApiError(code, code === "aborted" ? "cancelled" : message);

/** `GET /api/states`: every state the device may see, in HA's own JSON. */
export async function getStates(
  baseUrl: string,
  token: string,
  options: RequestOptions = {},
): Promise<EntityState[]> {
  const url = new URL("api/states", parseBaseUrl(baseUrl));
  const init = { headers: { authorization: `Bearer ${token}`, accept: "application/json" } };
  const { status, body } = await requestJson(url, init, options, deviceApiFailure);
  if (status === 401) throw new DeviceApiError("token_rejected", TOKEN_REJECTED);
  if (status === 404) throw new DeviceApiError("not_found", `no Home Assistant API at ${url}`);
  const states = status === 200 ? EntityStateListSchema.safeParse(body) : null;
  if (!states?.success)
    throw new DeviceApiError("bad_response", `unexpected answer from ${url} (HTTP ${status})`);
  return states.data;
}
