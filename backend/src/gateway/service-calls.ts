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
 * The device's pass is outside its hours: like throttling a passing condition, so it is answered as
 * HA's "the action failed" with the reason, which a screen shows on the tile. Never reached HA.
 */
export class ServiceCallOutsideHours extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServiceCallOutsideHours";
  }
}

/** The device called faster than its rate allows; the call never reached HA. */
export class ServiceCallThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many service calls from this device; try again in a moment.");
    this.name = "ServiceCallThrottled";
  }
}

export interface ServiceCallDeps {
  access: DeviceAccess;
  mirror: HaMirror;
  limiter: ServiceCallLimiter;
  /** Remembers which device's call created which context (`contexts.ts`); the gateway's own. */
  contexts?: DeviceContexts;
}

/** The audited reason of a throttled stretch (one entry per stretch, however many calls it refuses). */
export const THROTTLED_REASON = "calling services faster than this device's rate limit";

/**
 * The one path from a device to HA's services, for WebSocket and REST alike: the device's rate
 * first (so a flood costs neither the scope engine nor the audit log more than once), then the
 * scope engine decides, a refusal is audited and goes no further, and only the rewritten request
 * (explicit in-scope entity ids) is forwarded. HA's answer carries the context it created for the
 * call, whose `user_id` is HAsync's own HA user (websocket_api/connection.py `context(msg)`): the
 * device gets it with its own user id, the one `auth/current_user` gives it, as HA gives a caller
 * its own. Rejects with `ServiceCallThrottled`, `ServiceCallRefused` or HA's `HaCommandError`.
 */
export async function forwardServiceCall(
  deps: ServiceCallDeps,
  deviceId: string,
  ip: string,
  request: CallServiceRequest,
): Promise<unknown> {
  const rate = deps.limiter.take(deviceId);
  if (rate !== "allowed") {
    if (rate === "refused-first") deps.access.recordRefusedCall(deviceId, ip, request, THROTTLED_REASON);
    throw new ServiceCallThrottled(deps.limiter.retryAfterSeconds(deviceId));
  }
  const decision = deps.access.authorizeServiceCall(deviceId, request);
  if (!decision.ok) {
    deps.access.recordRefusedCall(deviceId, ip, request, decision.reason);
    throw decision.tell
      ? new ServiceCallOutsideHours(decision.reason)
      : new ServiceCallRefused(decision.reason);
  }
  const done = deps.contexts?.begin(deviceId, decision.request);
  let answer: unknown;
  try {
    answer = await deps.mirror.callService(decision.request);
  } finally {
    done?.(answer);
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
