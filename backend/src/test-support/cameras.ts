import { expect } from "vitest";

/**
 * HAsync's own camera credential (`cameras/signer.ts`): `<device id>.<expiry>.<HMAC>`. Leak tests
 * look for HA's tokens; they take these out first, since a device is meant to hold them.
 */
export const SIGNATURE = /dev_[A-Za-z0-9_-]{1,60}\.[0-9a-z]{1,10}\.[A-Za-z0-9_-]{43}/;

const SIGNED_URL = new RegExp(`\\?token=${SIGNATURE.source}`, "g");
const SIGNED_ATTRIBUTE = new RegExp(`"access_token":"${SIGNATURE.source}"`, "g");

/** The text with HAsync's signed camera URLs and tokens replaced by placeholders. */
export const withoutSignatures = (text: string): string =>
  text.replace(SIGNED_URL, "?signed").replace(SIGNED_ATTRIBUTE, '"signed":true');

/** What a device's copy of camera `entityId` carries in place of HA's token. */
export const signedPicture = (entityId: string) => ({
  access_token: expect.stringMatching(new RegExp(`^${SIGNATURE.source}$`)),
  entity_picture: expect.stringMatching(
    new RegExp(`^/api/camera_proxy/${entityId.replace(".", "\\.")}\\?token=${SIGNATURE.source}$`),
  ),
});

/** The signature in a camera state's `entity_picture`. */
export function signatureOf(picture: unknown): string {
  const token = typeof picture === "string" ? new URL(picture, "http://x").searchParams.get("token") : null;
  if (token === null) throw new Error(`not a signed camera picture: ${String(picture)}`);
  return token;
}
