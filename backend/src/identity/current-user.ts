import { createHash } from "node:crypto";
import type { DeviceConnection } from "../gateway/connection.js";
import { result } from "../gateway/messages.js";
import type { CommandRows } from "../gateway/room.js";

/**
 * The HA user a device is to its clients. HA user ids are 32 lowercase hex digits (a uuid4's hex);
 * this one is a one-way hash of the device id under a purpose label, so it is stable across
 * restarts and reconnects, unique per device, and cannot be turned back into the device id (or
 * anything else HAsync uses as a key).
 */
export const deviceUserId = (deviceId: string): string =>
  createHash("sha256").update(`hasync device user\0${deviceId}`).digest("hex").slice(0, 32);

export interface CurrentUser {
  id: string;
  name: string;
  is_owner: boolean;
  is_admin: boolean;
  credentials: Array<{ auth_provider_type: string; auth_provider_id: string | null }>;
  mfa_modules: Array<{ id: string; name: string; enabled: boolean }>;
}

/**
 * `auth/current_user` as HA answers it (homeassistant/components/auth/__init__.py
 * `websocket_current_user`): the device is never the owner; it says `is_admin: true` only when an
 * admin turned on "present as an administrator" (read live, so a toggle shows on the next ask). No
 * credentials or MFA modules: the device signs in with a HAsync token, not through an HA provider.
 */
export function currentUser(conn: DeviceConnection): CurrentUser {
  const { deviceId } = conn;
  return {
    id: deviceUserId(deviceId),
    name: conn.host.access.device(deviceId)?.name ?? conn.device?.name ?? "",
    is_owner: false,
    is_admin: conn.host.access.presentsAsAdmin(deviceId),
    credentials: [],
    mfa_modules: [],
  };
}

export const IDENTITY_COMMANDS: CommandRows = [
  ["auth/current_user", { schema: {}, run: (conn, id) => conn.send(result(id, currentUser(conn))) }],
];
