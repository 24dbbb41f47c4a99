import type { DeviceAccess } from "../devices/types.js";
import type { HaMirror } from "../ha/types.js";
import type { LogbookViewer } from "./logbook-cut.js";

/** Who is looking, read fresh for each answer: a scope edit shows in the next message. */
export function viewerFor(mirror: HaMirror, access: DeviceAccess, deviceId: string): LogbookViewer {
  const visible = access.entitiesOf(deviceId);
  const users = new Set<string>();
  for (const entityId of visible) {
    if (!entityId.startsWith("person.")) continue;
    const userId = mirror.getState(entityId)?.attributes.user_id;
    if (typeof userId === "string") users.add(userId);
  }
  let allowed: Record<string, Record<string, unknown>> | undefined;
  return {
    visible,
    known: mirror,
    users,
    mayCall(domain, service) {
      allowed ??= access.allowedServices(deviceId, mirror.services());
      return allowed[domain]?.[service] !== undefined;
    },
  };
}

/** core.py `valid_entity_id`. */
const ENTITY_ID = /^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$/;
export const validEntityId = (id: string): boolean => ENTITY_ID.test(id);

/** The requested ids the device may see, de-duplicated, in the order asked; others dropped as unknown. */
export function inScope(ids: readonly string[], visible: ReadonlySet<string>): string[] {
  return [...new Set(ids)].filter((id) => visible.has(id));
}
