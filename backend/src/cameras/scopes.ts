import type { DeviceAccess } from "../devices/types.js";
import { registerScope } from "./pictures.js";
import type { CameraSigner } from "./signer.js";

/**
 * The device access the gateway hands its commands, REST routes and rooms: the same object, but
 * every scope set it returns is registered as that device's (see `pictures.ts`), so any state
 * cut to it carries camera pictures signed for that device. A proxy rather than a wrapper class,
 * so methods added to `DeviceAccess` pass through untouched; they are bound to the real service
 * once, so its own calls do not go through the proxy.
 */
export function cameraScopes(access: DeviceAccess, signer: CameraSigner): DeviceAccess {
  const entitiesOf = (deviceId: string): ReadonlySet<string> => {
    const visible = access.entitiesOf(deviceId);
    registerScope(visible, deviceId, signer);
    return visible;
  };
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(access, {
    get(target, property) {
      if (property === "entitiesOf") return entitiesOf;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      let method = bound.get(property);
      if (method === undefined) {
        method = value.bind(target);
        bound.set(property, method);
      }
      return method;
    },
  });
}
