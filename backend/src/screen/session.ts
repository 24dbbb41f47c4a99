import type { IncomingMessage } from "node:http";
import type { EntityAccess, ScreenSession } from "hasync";
import type { PassOf } from "../devices/passes.js";
import type { DeviceRecord } from "../devices/types.js";
import { HttpError } from "../http/errors.js";
import { readScreenCookie } from "./cookies.js";

/** What the screen API needs from the devices service. */
export interface ScreenDevices {
  bearer(token: string): { device: DeviceRecord; ended: boolean } | null;
  passOf(deviceId: string): PassOf | null;
}

/** A browser that is a device, as its cookie says. */
export interface Screen {
  token: string;
  device: DeviceRecord;
  pass: PassOf;
}

export const noSession = () =>
  new HttpError(
    401,
    "no_session",
    "This screen is not paired with HAsync (or it was unpaired). Pair it again.",
  );
export const passEnded = () => new HttpError(410, "pass_ended", "This pass has ended.");

export function passClosed(pass: PassOf): HttpError {
  const opensAt = pass.changesAt === null ? null : new Date(pass.changesAt).toISOString();
  return new HttpError(403, "pass_closed", "This pass is closed outside its hours.", { opens_at: opensAt });
}

/**
 * The screen behind the request's session cookie. Throws `no_session` without a cookie or for a
 * device that is gone (revoked, unpaired), `pass_ended` once its expiry has passed: the device
 * is still there, so the page can say why instead of showing "pair this screen" to a guest.
 */
export function screenOf(req: IncomingMessage, devices: ScreenDevices): Screen {
  const token = readScreenCookie(req);
  const found = token === undefined ? null : devices.bearer(token);
  if (token === undefined || found === null) throw noSession();
  if (found.ended) throw passEnded();
  const pass = devices.passOf(found.device.id);
  if (pass === null) throw noSession();
  return { token, device: found.device, pass };
}

/** What the session reads of each in-scope entity's access (the devices service). */
export interface ScreenAccess {
  entitiesOf(deviceId: string): ReadonlySet<string>;
  /** null when the entity is not in the device's scope (hidden ones are not). */
  accessOf(deviceId: string, entityId: string): EntityAccess | null;
}

type ShownAccess = Exclude<EntityAccess, "hidden">;

const actsOnSome = (rules: DeviceRecord["scope"]): boolean =>
  rules.access === "control" ||
  [rules.domain_access, rules.entity_access].some(
    (map) => map !== undefined && Object.values(map).some((a) => a === "control" || a === "confirm"),
  );

/**
 * The screen's access in the session's terms (issue 15): `control` when any in-scope entity may
 * be acted on (control, or confirm: the dashboard shows its controls and the admin is asked),
 * else `read`; `entity_access` lists only the entities that differ from it, so a plain scope's
 * session reads as before. Before Home Assistant's registries are in (nothing resolved yet) the
 * scope's own rules say whether it controls anything, so a restart does not show "View only".
 */
export function screenAccess(
  device: DeviceRecord,
  devices: ScreenAccess,
): Pick<ScreenSession["device"], "access" | "entity_access"> {
  const each = new Map<string, ShownAccess>();
  for (const id of devices.entitiesOf(device.id)) {
    const access = devices.accessOf(device.id, id);
    if (access !== null && access !== "hidden") each.set(id, access);
  }
  const acts = each.size === 0 ? actsOnSome(device.scope) : [...each.values()].some((a) => a !== "read");
  const access = acts ? "control" : "read";
  const differing = Object.fromEntries([...each].filter(([, a]) => a !== access));
  return Object.keys(differing).length === 0 ? { access } : { access, entity_access: differing };
}

export function sessionView({ device, pass }: Screen, now: number, devices: ScreenAccess): ScreenSession {
  return {
    device: {
      id: device.id,
      name: device.name,
      type: device.type,
      ...screenAccess(device, devices),
      expires_at: device.expiresAt === null ? null : new Date(device.expiresAt).toISOString(),
      hours: device.hours,
      guest: device.inviteId !== null,
    },
    pass: pass.state,
    pass_changes_at: pass.changesAt === null ? null : new Date(pass.changesAt).toISOString(),
    time_zone: pass.timeZone,
    now: new Date(now).toISOString(),
  };
}
