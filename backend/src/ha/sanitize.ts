import { keyWords, memoByName } from "./key-words.js";
import { type PruneRule, pruneObjectWith } from "./prune.js";

/**
 * Credentials in attributes, found by their shape at any depth, so that neither a paired device
 * nor an admin page gets access HAsync does not scope. HA itself puts short-lived tokens there:
 * a camera's `access_token` and `entity_picture` `/api/camera_proxy/<id>?token=…`
 * (`components/camera/__init__.py` `ENTITY_IMAGE_URL`), an image entity's `/api/image_proxy/…?token=`
 * (`components/image/__init__.py`), a media player's `entity_picture`/`entity_picture_local`
 * `/api/media_player_proxy/<id>?token=…&cache=…` (`components/media_player/__init__.py`);
 * integrations add stream and snapshot URLs with a login in them (`rtsp://user:pass@…`,
 * `…?usr=admin&pwd=…`) and tokens under names of their own.
 *
 * A string that carries a credential is left out whole rather than rewritten: the URL without
 * its token, signature or login no longer works (HA's proxy views answer 401, a camera refuses
 * the stream), and a client shows the entity's icon for a missing `entity_picture` where it would
 * show a broken image for a dead one. Devices will get pictures through HAsync's own proxy.
 */

/** Any of these words in a name makes it secret: `client_secret`, `password_hash`, `api_key`. */
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "passphrase",
  "secret",
  "secrets",
  "credential",
  "credentials",
  "apikey",
  "privatekey",
  "webhook",
]);

/** Secret as the last word (the noun the name is about): `refresh_token`, but not `token_type`. */
const SECRET_LAST_WORDS = new Set(["token", "pwd", "pass", "auth", "authorization", "jwt"]);

/** `…_key` is secret after these only: `api_key`, `private_key`, not `sort_key` or a music `key`. */
const KEY_QUALIFIERS = new Set([
  "api",
  "access",
  "auth",
  "app",
  "client",
  "encryption",
  "license",
  "master",
  "private",
  "secret",
  "session",
  "shared",
  "signing",
  "ssh",
  "subscription",
]);

const secretName = memoByName((name) => {
  const words = keyWords(name);
  const last = words[words.length - 1] ?? "";
  if (SECRET_LAST_WORDS.has(last) || last.endsWith("token")) return true;
  if (last === "key" && KEY_QUALIFIERS.has(words[words.length - 2] ?? "")) return true;
  return words.some((word) => SECRET_WORDS.has(word));
});

/**
 * True and false (`password_required`), null and absent values say nothing secret; numbers do
 * (a numeric PIN), strings, objects and lists may.
 */
const mayHoldSecret = (value: unknown): boolean => typeof value !== "boolean" && value !== null;

/** Query or fragment parameters that carry a credential (names compared without case or separators). */
const SECRET_PARAMETER_PARTS = [
  "token",
  "password",
  "passwd",
  "secret",
  "signature",
  "credential",
  "apikey",
  "authkey",
  "sessionid",
  "privatekey",
];
const SECRET_PARAMETERS = new Set(["key", "sig", "auth", "authorization", "pwd", "pass", "sid", "jwt"]);

function secretParameter(rawName: string): boolean {
  let name = rawName;
  if (name.includes("%")) {
    try {
      name = decodeURIComponent(name);
    } catch {
      // Not valid percent-encoding: compare it as written.
    }
  }
  const plain = name.toLowerCase().replace(/[^a-z\d]/g, "");
  return SECRET_PARAMETERS.has(plain) || SECRET_PARAMETER_PARTS.some((part) => plain.includes(part));
}

/** `name=` at the start or after `?`, `&`, `;` or `#`: query strings, fragments, bare parameter lists. */
const PARAMETER = /(?:^|[?&;#])([^=&;#?\s]+)=/g;
/** `scheme://user[:password]@host` anywhere in the text. */
const USER_INFO = /[a-z][a-z\d+.-]*:\/\/[^\s/?#@]+@/i;
/** A JSON Web Token (HA's own access and refresh tokens are JWTs): base64url header.payload.… */
const JWT = /eyJ[\w-]{6,}\.eyJ[\w-]{6,}\./;

function hasSecretParameter(text: string): boolean {
  for (const match of text.matchAll(PARAMETER)) if (secretParameter(match[1] ?? "")) return true;
  return false;
}

/**
 * True when the text is or holds a credential. Every state change runs this on every string, so
 * each test is gated by a cheap character or length check that most strings fail.
 */
export function carriesCredential(text: string): boolean {
  if (text.length < 5) return false;
  if (text.indexOf("=") >= 0 && hasSecretParameter(text)) return true;
  if (text.indexOf("@") >= 0 && USER_INFO.test(text)) return true;
  if (text.length >= 30 && text.includes("eyJ") && JWT.test(text)) return true;
  // A webhook id is the webhook's only credential (`components/webhook/__init__.py`).
  return text.length >= 14 && text.includes("/api/webhook/");
}

const CREDENTIALS: PruneRule = {
  dropString: carriesCredential,
  dropProperty: (key, value) => secretName(key) && mayHoldSecret(value),
};

/**
 * The attributes without credentials (see above). Returns the same object when there is nothing
 * to strip (the common case), so callers on hot paths neither pay for a copy nor lose their
 * identity-keyed caches.
 */
export function sanitizeAttributes(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return pruneObjectWith(attributes, CREDENTIALS);
}
