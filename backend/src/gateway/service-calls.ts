import type { DeviceAccess } from "../devices/types.js";
import type { CallServiceRequest, HaMirror } from "../ha/types.js";

/** The device's scope does not allow this call; it was audited and never reached HA. */
export class ServiceCallRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "ServiceCallRefused";
  }
}

/**
 * The one path from a device to HA's services, for WebSocket and REST alike: the scope engine
 * decides, a refusal is audited and goes no further, and only the rewritten request (explicit
 * in-scope entity ids) is forwarded. Rejects with `ServiceCallRefused` or HA's `HaCommandError`.
 */
export async function forwardServiceCall(
  deps: { access: DeviceAccess; mirror: HaMirror },
  deviceId: string,
  ip: string,
  request: CallServiceRequest,
): Promise<unknown> {
  const decision = deps.access.authorizeServiceCall(deviceId, request);
  if (!decision.ok) {
    deps.access.recordRefusedCall(deviceId, ip, request, decision.reason);
    throw new ServiceCallRefused(decision.reason);
  }
  return deps.mirror.callService(decision.request);
}
