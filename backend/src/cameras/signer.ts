import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { HaState } from "../ha/types.js";

/**
 * HAsync's own camera URL credential, in place of HA's camera `access_token`: an HMAC over
 * (device id, camera entity id, expiry) with a key drawn at start. The key lives only in this
 * process and is never stored or configured, so there is no default secret and nothing to leak:
 * after a restart every URL is refused until the device's next state (devices reconnect then
 * anyway), as HA's own camera tokens are regenerated when HA restarts.
 *
 * Validity follows HA's rotation (`camera/__init__.py` `TOKEN_CHANGE_INTERVAL` = 5 min, the last
 * two tokens accepted, so an HA URL lives 5-10 min): a URL expires 10 minutes after the camera
 * state it was made for reached HAsync, and at least 5 minutes after it was handed out. HA rotates
 * its token every 5 minutes, which is a state change: the device then gets the camera's state
 * again with a fresh URL, long before its old one expires.
 */

const VALID_MS = 10 * 60_000;
const AT_LEAST_MS = 5 * 60_000;
/** Expiries are whole minutes, so a device asking twice within a minute gets the same URL. */
const GRANULE_MS = 60_000;
/** `<device id>.<expiry, seconds base 36>.<HMAC-SHA256, base64url>`; device ids are `dev_` + base64url. */
const TOKEN = /^([A-Za-z0-9_-]{1,64})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

export class CameraSigner {
  private readonly key = randomBytes(32);
  /** When each mirror state was first signed: its URLs' expiry counts from there. */
  private readonly firstSigned = new WeakMap<HaState, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The `token` for `deviceId` to fetch camera `state`'s image and stream. */
  sign(deviceId: string, state: HaState): string {
    const now = this.now();
    let since = this.firstSigned.get(state);
    if (since === undefined) {
      since = now;
      this.firstSigned.set(state, since);
    }
    const expiry = Math.max(since + VALID_MS, now + AT_LEAST_MS);
    return this.signUntil(deviceId, state.entity_id, Math.ceil(expiry / GRANULE_MS) * GRANULE_MS);
  }

  /** A token for `deviceId` and camera `entityId` that expires `validMs` from now (`auth/sign_path`). */
  signFor(deviceId: string, entityId: string, validMs: number): string {
    return this.signUntil(deviceId, entityId, this.now() + validMs);
  }

  private signUntil(deviceId: string, entityId: string, expiryMs: number): string {
    const seconds = Math.ceil(expiryMs / 1000);
    return `${deviceId}.${seconds.toString(36)}.${this.mac(deviceId, entityId, seconds)}`;
  }

  /**
   * The device a token was made for, if it was made for `entityId` and has not expired; null for
   * anything else. Whether that device may still see the camera is the caller's question.
   */
  deviceFor(token: string, entityId: string): string | null {
    const match = TOKEN.exec(token);
    if (match === null) return null;
    const [, deviceId = "", expiry = "", mac = ""] = match;
    const seconds = Number.parseInt(expiry, 36);
    if (seconds * 1000 <= this.now()) return null;
    const expected = Buffer.from(this.mac(deviceId, entityId, seconds));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? deviceId : null;
  }

  private mac(deviceId: string, entityId: string, seconds: number): string {
    return createHmac("sha256", this.key)
      .update(`hasync camera\n${deviceId}\n${entityId}\n${seconds}`)
      .digest("base64url");
  }
}
