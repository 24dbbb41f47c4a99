import type { ConfirmVia } from "hasync";
import type { DeviceAccess } from "../devices/types.js";
import type { CallServiceRequest, HaMirror } from "../ha/types.js";
import { deviceUserId } from "../identity/current-user.js";
import type { DeviceContexts } from "./contexts.js";
import type { ServiceCallLimiter } from "./rate-limit.js";

/** The device's scope does not allow this call; it was audited and never reached HA. */
export class ServiceCallRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "ServiceCallRefused";
  }
}

/**
 * The call was declined for a reason the device may hear: its pass is outside its hours, or the
 * admin did not confirm it (denied, no answer in time, too many waiting). Like throttling, a
 * passing condition, so it is answered as HA's "the action failed" (`home_assistant_error`) with
 * the reason, which a screen shows on its tile. Never reached HA.
 */
export class ServiceCallDeclined extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServiceCallDeclined";
  }
}

/**
 * A value in the call is beyond the device's limits: answered as HA answers a value outside an
 * entity's own range, `service_validation_error` (e.g. core `components/climate/__init__.py`
 * `temp_out_of_range`). Never reached HA.
 */
export class ServiceCallInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServiceCallInvalid";
  }
}

/** The device called faster than its rate allows; the call never reached HA. */
export class ServiceCallThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many service calls from this device; try again in a moment.");
    this.name = "ServiceCallThrottled";
  }
}

/** A call the scope allows only with the admin's confirmation (guard.ts `confirm` access). */
export interface ConfirmAsk {
  deviceId: string;
  ip: string;
  /** The call as it would be forwarded (explicit in-scope entity ids). */
  request: CallServiceRequest;
  /** The acted-on entities that need the confirmation. */
  entityIds: readonly string[];
  via: ConfirmVia;
}

/** Holds calls for the admin (confirm/). */
export interface CallConfirmer {
  /**
   * Resolves once the admin allows the call; rejects with `ServiceCallDeclined` when denied, not
   * answered before the deadline, withdrawn because `signal` aborted (the caller left), or when
   * too many calls already wait. Audits every step itself. It may resolve with a function the
   * caller runs once HA has answered the forwarded call (the admin's "allow" is answered then).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a confirmer with nothing to hear back (a test's) just resolves.
  confirm(ask: ConfirmAsk, signal?: AbortSignal): Promise<void | (() => void)>;
}

export interface ServiceCallDeps {
  access: DeviceAccess;
  mirror: HaMirror;
  limiter: ServiceCallLimiter;
  /** Remembers which device's call created which context (`contexts.ts`); the gateway's own. */
  contexts?: DeviceContexts;
  /** Asks the admin about calls that need a confirmation; without one such calls are declined. */
  confirmer?: CallConfirmer;
}

/** Where a call came from, and what ends it early (the caller's socket or request went away). */
export interface CallOptions {
  via: ConfirmVia;
  signal?: AbortSignal;
}

/** Said when a call needs a confirmation and nothing can ask for one (tests without confirm/). */
export const NO_CONFIRMER = "This action needs the admin's confirmation, which cannot be asked for here.";

/** The audited reason of a throttled stretch (one entry per stretch, however many calls it refuses). */
export const THROTTLED_REASON = "calling services faster than this device's rate limit";

/**
 * The one path from a device to HA's services, for WebSocket and REST alike: the device's rate
 * first (so a flood costs neither the scope engine nor the audit log more than once), then the
 * scope engine decides, a refusal is audited and goes no further, and only the rewritten request
 * (explicit in-scope entity ids) is forwarded. HA's answer carries the context it created for the
 * call, whose `user_id` is HAsync's own HA user (websocket_api/connection.py `context(msg)`): the
 * device gets it with its own user id, the one `auth/current_user` gives it, as HA gives a caller
 * its own. A call on an entity whose access is `confirm` waits for the admin first (guard rails,
 * issue 15). Rejects with `ServiceCallThrottled`, `ServiceCallRefused`, `ServiceCallDeclined`,
 * `ServiceCallInvalid` or HA's `HaCommandError`.
 */
export async function forwardServiceCall(
  deps: ServiceCallDeps,
  deviceId: string,
  ip: string,
  request: CallServiceRequest,
  options: CallOptions = { via: "websocket" },
): Promise<unknown> {
  const rate = deps.limiter.take(deviceId);
  if (rate !== "allowed") {
    if (rate === "refused-first") deps.access.recordRefusedCall(deviceId, ip, request, THROTTLED_REASON);
    throw new ServiceCallThrottled(deps.limiter.retryAfterSeconds(deviceId));
  }
  const decision = deps.access.authorizeServiceCall(deviceId, request);
  if (!decision.ok) {
    deps.access.recordRefusedCall(deviceId, ip, request, decision.reason);
    if (decision.tell === "hours") throw new ServiceCallDeclined(decision.reason);
    if (decision.tell === "limit") throw new ServiceCallInvalid(decision.reason);
    throw new ServiceCallRefused(decision.reason);
  }
  let answered: (() => void) | undefined;
  if (decision.confirm.length > 0) {
    if (deps.confirmer === undefined) throw new ServiceCallDeclined(NO_CONFIRMER);
    const ask = { deviceId, ip, request: decision.request, entityIds: decision.confirm, via: options.via };
    const then = await deps.confirmer.confirm(ask, options.signal);
    if (typeof then === "function") answered = then;
  }
  let answer: unknown;
  let done: ((answer: unknown) => void) | undefined;
  try {
    done = deps.contexts?.begin(deviceId, decision.request);
    answer = await deps.mirror.callService(decision.request);
  } finally {
    done?.(answer);
    answered?.();
  }
  return asCaller(answer, deviceId);
}

/** HA's call answer (`{context, response?}`) with the device as the context's user. */
function asCaller(answer: unknown, deviceId: string): unknown {
  if (typeof answer !== "object" || answer === null) return answer;
  const { context } = answer as { context?: unknown };
  if (typeof context !== "object" || context === null) return answer;
  return { ...answer, context: { ...context, user_id: deviceUserId(deviceId) } };
}
