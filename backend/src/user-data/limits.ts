import { WsError } from "../gateway/messages.js";

/**
 * How much frontend user data one device may keep in HAsync's database. HA sets no bound (each
 * user's data is one JSON file); HAsync stores it for every paired device, so it bounds it. HA's
 * own frontend keeps a handful of keys of well under 1 kB each (`core`, `sidebar`, `language`,
 * `theme`, number/time formats); dashboards and custom cards that save their layout there use a
 * few kB per key. These bounds leave that room many times over, and cap the whole table at
 * 256 kB per device (about 50 MB at the default cap of 200 devices).
 */
export interface UserDataLimits {
  /** UTF-8 bytes of one key. */
  maxKeyBytes: number;
  /** UTF-8 bytes of one value as JSON text. */
  maxValueBytes: number;
  /** Keys per device. */
  maxKeys: number;
  /** Keys and values of one device together, in UTF-8 bytes. */
  maxTotalBytes: number;
}

export const USER_DATA_LIMITS: UserDataLimits = {
  maxKeyBytes: 256,
  maxValueBytes: 32 * 1024,
  maxKeys: 100,
  maxTotalBytes: 256 * 1024,
};

/**
 * A write beyond a bound. HA has no such limit, so no wording of its own: `not_allowed` is the
 * code its `websocket_api/const.py` (ERR_NOT_ALLOWED) has for a request it will not carry out,
 * the same the gateway answers for too many subscriptions.
 */
export class UserDataLimitError extends WsError {
  constructor(message: string) {
    super("not_allowed", message);
    this.name = "UserDataLimitError";
  }
}
