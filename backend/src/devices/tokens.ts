import { createHash, randomBytes } from "node:crypto";

/** A recognisable prefix lets secret scanners spot leaked device tokens. */
export const DEVICE_TOKEN_PREFIX = "hasync_";

/** 256 random bits, base64url, behind the prefix. Shown to the device once, stored as SHA-256. */
export const newDeviceToken = (): string => `${DEVICE_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;

export const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

export const newDeviceId = (): string => `dev_${randomBytes(9).toString("base64url")}`;

/** Cheap shape check before any hashing or lookup. */
export const looksLikeDeviceToken = (value: string): boolean =>
  value.length === DEVICE_TOKEN_PREFIX.length + 43 && value.startsWith(DEVICE_TOKEN_PREFIX);
