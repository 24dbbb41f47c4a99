/**
 * Attributes that carry credentials. HA puts a camera's (and some media players') short-lived
 * access token in `access_token` and in `entity_picture` (`/api/camera_proxy/...?token=...`);
 * handing those to an admin page or a paired device would leak access HAsync does not scope.
 */
const CREDENTIAL_ATTRIBUTES = new Set(["access_token"]);
const TOKEN_IN_URL = /[?&]token=/i;

function isCredential(key: string, value: unknown): boolean {
  if (CREDENTIAL_ATTRIBUTES.has(key)) return true;
  return key === "entity_picture" && typeof value === "string" && TOKEN_IN_URL.test(value);
}

/**
 * The attributes without credential-bearing ones. Returns the same object when there is nothing
 * to strip (the common case), so callers on hot paths do not pay for a copy.
 */
export function sanitizeAttributes(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  let found = false;
  for (const key in attributes) {
    if (isCredential(key, attributes[key])) {
      found = true;
      break;
    }
  }
  if (!found) return attributes as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in attributes) if (!isCredential(key, attributes[key])) out[key] = attributes[key];
  return out;
}
