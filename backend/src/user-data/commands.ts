import type { DeviceConnection } from "../gateway/connection.js";
import { eventJson, result, unauthorized } from "../gateway/messages.js";
import type { CommandRows, Message, Subscription } from "../gateway/room.js";
import { checkRoom } from "../gateway/room-limit.js";

/**
 * One `frontend/subscribe_user_data` (or `subscribe_system_data`): the value as it is now, then
 * again after every write. Ends with `unsubscribe_events` or the socket.
 */
class ValueSubscription implements Subscription {
  constructor(
    private readonly id: number,
    private readonly conn: DeviceConnection,
    private readonly read: () => unknown,
    private readonly off: () => void,
  ) {}

  push(): void {
    this.conn.send(eventJson(this.id, JSON.stringify({ value: this.read() ?? null })));
  }

  stop(): void {
    this.off();
  }

  /** User data belongs to the device, not to its scope: nothing to re-filter. */
  scopeChanged(): void {}
}

const keyOf = (message: Message): string | null => (typeof message.key === "string" ? message.key : null);

/**
 * HA answers the subscription's first event before its result (websocket_subscribe_user_data
 * calls `on_data_update()` then `send_result`); clients register the callback when they send, so
 * both orders work, and HA's is kept.
 */
function subscribeUserData(conn: DeviceConnection, id: number, message: Message): void {
  checkRoom(conn);
  const { deviceId } = conn;
  const userData = conn.host.access.userData;
  const key = keyOf(message);
  let sub: ValueSubscription | null = null;
  const off = userData.subscribe(deviceId, key, () => sub?.push());
  sub = new ValueSubscription(id, conn, () => userData.read(deviceId, key), off);
  conn.subscriptions.set(id, sub);
  sub.push();
  conn.send(result(id));
}

/**
 * System data is house-wide (HA's `SystemStore`, readable by every user, written by admins). HA's
 * holds whatever an admin's dashboards and cards put there, which HAsync cannot tell apart from
 * data about the rest of the house, so a device gets HA's answer for a key never set: null. It
 * never changes, so the subscription sends that once.
 */
function subscribeSystemData(conn: DeviceConnection, id: number): void {
  checkRoom(conn);
  const sub = new ValueSubscription(
    id,
    conn,
    () => null,
    () => undefined,
  );
  conn.subscriptions.set(id, sub);
  sub.push();
  conn.send(result(id));
}

/** homeassistant/components/frontend/storage.py, answered from HAsync's database, never from HA. */
export const USER_DATA_COMMANDS: CommandRows = [
  [
    "frontend/get_user_data",
    {
      schema: { optional: { key: "string" } },
      run: (conn, id, message) =>
        conn.send(result(id, { value: conn.host.access.userData.read(conn.deviceId, keyOf(message)) })),
    },
  ],
  [
    "frontend/set_user_data",
    {
      schema: { required: { key: "string", value: "any" } },
      run: (conn, id, message) => {
        conn.host.access.userData.write(conn.deviceId, message.key as string, message.value);
        conn.send(result(id));
      },
    },
  ],
  ["frontend/subscribe_user_data", { schema: { optional: { key: "string" } }, run: subscribeUserData }],
  [
    "frontend/get_system_data",
    { schema: { required: { key: "string" } }, run: (conn, id) => conn.send(result(id, { value: null })) },
  ],
  ["frontend/subscribe_system_data", { schema: { required: { key: "string" } }, run: subscribeSystemData }],
  // `@websocket_api.require_admin` in HA; presenting as an administrator grants nothing here.
  [
    "frontend/set_system_data",
    {
      schema: { required: { key: "string", value: "any" } },
      run: () => {
        throw unauthorized();
      },
    },
  ],
];
