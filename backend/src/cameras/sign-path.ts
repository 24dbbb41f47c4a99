import type { DeviceConnection } from "../gateway/connection.js";
import { result, WsError } from "../gateway/messages.js";
import type { CommandRows, Message } from "../gateway/room.js";

/**
 * `auth/sign_path` (homeassistant/components/auth/__init__.py `websocket_sign_path`): HA's
 * frontend asks it for a camera thumbnail URL (`/api/camera_proxy/<id>`, then appends
 * `&width=…&height=…`). HA signs any path with `?authSig=`; HAsync has only one kind of signed
 * URL, its camera signature, so it signs the camera views of cameras in the device's scope and
 * refuses every other path (an out-of-scope or unknown camera alike) as `not_found`.
 */

const CAMERA_VIEW = /^\/api\/(camera_proxy|camera_proxy_stream)\/(camera\.[a-z0-9_]+)$/;
/** HA's default `expires` is 30 s; HAsync keeps a signed path to at most a day. */
const DEFAULT_EXPIRES_S = 30;
const MAX_EXPIRES_S = 86_400;

function signPath(conn: DeviceConnection, id: number, message: Message): void {
  const path = message.path as string;
  const url = path.startsWith("/") && !path.startsWith("//") ? new URL(path, "http://hasync") : null;
  const entityId = url === null ? undefined : CAMERA_VIEW.exec(url.pathname)?.[2];
  if (url === null || entityId === undefined || !conn.host.access.canSee(conn.deviceId, entityId)) {
    throw new WsError("not_found", "HAsync signs the camera views of the device's cameras only.");
  }
  const expires = (message.expires as number | undefined) ?? DEFAULT_EXPIRES_S;
  const seconds = Math.min(Math.max(expires, 1), MAX_EXPIRES_S);
  url.searchParams.set("token", conn.host.cameras.signFor(conn.deviceId, entityId, seconds * 1000));
  conn.send(result(id, { path: `${url.pathname}${url.search}` }));
}

export const CAMERA_COMMANDS: CommandRows = [
  [
    "auth/sign_path",
    { schema: { required: { path: "string" }, optional: { expires: "integer" } }, run: signPath },
  ],
];
