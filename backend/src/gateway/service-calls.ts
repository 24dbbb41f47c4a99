import type { DeviceAccess } from "../devices/types.js";
import type { CallServiceRequest, HaMirror } from "../ha/types.js";
import type { ServiceCallLimiter } from "./rate-limit.js";

/** The device's scope does not allow this call; it was audited and never reached HA. */
export class ServiceCallRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "ServiceCallRefused";
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
}

/** The audited reason of a throttled stretch (one entry per stretch, however many calls it refuses). */
export const THROTTLED_REASON = "calling services faster than this device's rate limit";

/**
 * The one path from a device to HA's services, for WebSocket and REST alike: the device's rate
 * first (so a flood costs neither the scope engine nor the audit log more than once), then the
 * scope engine decides, a refusal is audited and goes no further, and only the rewritten request
 * (explicit in-scope entity ids) is forwarded. Rejects with `ServiceCallThrottled`,
 * `ServiceCallRefused` or HA's `HaCommandError`.
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
    throw new ServiceCallRefused(decision.reason);
  }
  return deps.mirror.callService(decision.request);
}
