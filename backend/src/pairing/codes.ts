import { randomBytes, randomInt } from "node:crypto";
import { USER_CODE_ALPHABET } from "hasync";

/** RFC 8628 §5.1: the device code must be unguessable; 256 bits leave no room for doubt. */
export const newDeviceCode = (): string => randomBytes(32).toString("base64url");

/**
 * `XXXX-XXXX` from 25 symbols without look-alikes: about 37 bits, enough for a 10-minute code
 * behind per-admin throttling (RFC 8628 §5.1 recommends >= 20 bits with rate limiting).
 */
export function newUserCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
