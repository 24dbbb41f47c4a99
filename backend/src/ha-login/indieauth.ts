import { BlockList, isIPv4, isIPv6 } from "node:net";
import { HA_APP_CALLBACKS, MAX_CLIENT_URL_LENGTH } from "hasync";

/**
 * HA's IndieAuth rules for `client_id` and `redirect_uri`, as
 * `homeassistant/components/auth/indieauth.py` states them (`verify_client_id`,
 * `verify_redirect_uri`, `_parse_url`, `_parse_client_id`). URLs are split the way Python's
 * `urlparse` splits them, not the way WHATWG `URL` normalises them, so a dot segment or an
 * explicit port is seen exactly as HA sees it.
 */
export interface UrlParts {
  scheme: string;
  /** Lowercased, as `_parse_url` does ("SHOULD convert the hostname to lowercase"). */
  netloc: string;
  /** "/" when empty ("MUST be treated as if it had the path /"). */
  path: string;
  query: string;
  fragment: string;
}

/** The redirect URI's scheme HA's own authorize page refuses (frontend `src/auth/ha-authorize.ts`). */
const UNSAFE_REDIRECT_SCHEMES = new Set(["javascript", "data", "vbscript", "file", "about"]);

const hasSpaceOrControl = (url: string): boolean =>
  /\s/.test(url) || [...url].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** Python's `urlparse` for the URLs IndieAuth deals with; null for what no client would send. */
export function parseUrl(url: string): UrlParts | null {
  // Stricter than Python, which strips or drops these: a client URL never contains them.
  if (url.length === 0 || url.length > MAX_CLIENT_URL_LENGTH || hasSpaceOrControl(url)) return null;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  const scheme = schemeMatch?.[1]?.toLowerCase() ?? "";
  let rest = schemeMatch ? url.slice(schemeMatch[0].length) : url;
  let netloc = "";
  if (rest.startsWith("//")) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end === -1 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end === -1 ? "" : rest.slice(end + 2);
  }
  const hash = rest.indexOf("#");
  const fragment = hash === -1 ? "" : rest.slice(hash + 1);
  if (hash !== -1) rest = rest.slice(0, hash);
  const question = rest.indexOf("?");
  const query = question === -1 ? "" : rest.slice(question + 1);
  const path = question === -1 ? rest : rest.slice(0, question);
  return { scheme, netloc: netloc.toLowerCase(), path: path === "" ? "/" : path, query, fragment };
}

/** Host and port of a netloc (`[v6]:port`, `host:port`), as Python's `hostname`/`port`. */
function hostAndPort(netloc: string): { host: string; port: string | null } {
  const hostinfo = netloc.slice(netloc.lastIndexOf("@") + 1);
  if (hostinfo.startsWith("[")) {
    const close = hostinfo.indexOf("]");
    const after = close === -1 ? "" : hostinfo.slice(close + 1);
    return { host: hostinfo.slice(1, close === -1 ? undefined : close), port: portOf(after) };
  }
  const colon = hostinfo.lastIndexOf(":");
  return colon === -1
    ? { host: hostinfo, port: null }
    : { host: hostinfo.slice(0, colon), port: portOf(hostinfo.slice(colon)) };
}

const portOf = (suffix: string): string | null => (suffix.startsWith(":") ? suffix.slice(1) : null);

/** `homeassistant/util/network.py is_local`: loopback, private or link-local. */
const LOCAL = new BlockList();
for (const [net, prefix] of [
  ["127.0.0.0", 8],
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["169.254.0.0", 16],
] as const) {
  LOCAL.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::1", 128],
  ["::ffff:127.0.0.0", 104],
  ["fd00::", 8],
  ["::ffff:10.0.0.0", 104],
  ["::ffff:172.16.0.0", 108],
  ["::ffff:192.168.0.0", 112],
  ["fe80::", 10],
] as const) {
  LOCAL.addSubnet(net, prefix, "ipv6");
}

/** HA's `is_local(ip_address(...))` for an address string; false for what is not an address. */
export function isLocalAddress(address: string): boolean {
  const bare = address.startsWith("::ffff:") && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(bare)) return LOCAL.check(bare, "ipv4");
  return isIPv6(bare) && LOCAL.check(bare, "ipv6");
}

/** `_parse_client_id`: the client's parts, or null where HA raises ValueError. */
export function parseClientId(clientId: string): UrlParts | null {
  const parts = parseUrl(clientId);
  // "MUST have either an https or http scheme"
  if (!parts || (parts.scheme !== "http" && parts.scheme !== "https")) return null;
  // "MUST NOT contain single-dot or double-dot path segments", "MUST NOT contain a fragment"
  if (parts.path.split("/").some((s) => s === "." || s === "..") || parts.fragment !== "") return null;
  // "MUST NOT contain a username or password component" (any "@" gives Python a username)
  if (parts.netloc.includes("@")) return null;
  const { host, port } = hostAndPort(parts.netloc);
  // Python's `.port` raises for anything but 0..65535 in ASCII digits ("a:" is no port at all).
  if (port !== null && port !== "" && (!/^\d{1,5}$/.test(port) || Number(port) > 65535)) return null;
  // Stricter than HA, which fails with an IndexError (a 500) on an empty host.
  if (host === "") return null;
  // HA parses the whole netloc (port included) as an address and allows any local one: a
  // public address is refused, a domain name (or an address with a port) passes.
  const netloc =
    parts.netloc.startsWith("[") && parts.netloc.endsWith("]") ? parts.netloc.slice(1, -1) : parts.netloc;
  if ((isIPv4(netloc) || isIPv6(netloc)) && !isLocalAddress(netloc)) return null;
  return parts;
}

/** `verify_client_id`. */
export const verifyClientId = (clientId: string): boolean => parseClientId(clientId) !== null;

/** The client's `host[:port]` as its client_id writes it, or null for one that is not valid. */
export function clientNetloc(clientId: string): string | null {
  return parseClientId(clientId)?.netloc ?? null;
}

/** One of HA's own apps, whose callbacks HA accepts without a look-up (`verify_redirect_uri`). */
export const isHaApp = (clientId: string): boolean => Object.hasOwn(HA_APP_CALLBACKS, clientId);

/** Finds the `<link rel="redirect_uri">` values on the client's page (link-lookup.ts). */
export type RedirectUriLookup = (clientId: string) => Promise<readonly string[]>;

export interface VerifyRedirectOptions {
  lookup: RedirectUriLookup;
  /** HAsync's own host names (the request's Host): never fetched, a page of ours declares nothing. */
  ownHosts: readonly string[];
}

/**
 * `verify_redirect_uri`: same scheme and netloc as the client, one of HA's apps' callbacks, or
 * declared by the client's page. A redirect HA's own authorize page would refuse to follow
 * (`javascript:`, `data:` ...) is refused here, since this answer is what the page follows.
 */
export async function verifyRedirectUri(
  clientId: string,
  redirectUri: string,
  options: VerifyRedirectOptions,
): Promise<boolean> {
  const client = parseClientId(clientId);
  const redirect = parseUrl(redirectUri);
  if (!client || !redirect || UNSAFE_REDIRECT_SCHEMES.has(redirect.scheme)) return false;
  if (client.scheme === redirect.scheme && client.netloc === redirect.netloc) return true;
  if (HA_APP_CALLBACKS[clientId]?.includes(redirectUri)) return true;
  const host = hostAndPort(client.netloc).host;
  if (options.ownHosts.some((own) => own.toLowerCase() === host)) return false;
  // IndieAuth 4.2.2: "an exact match of the given redirect_uri ... after resolving any relative URLs".
  return (await options.lookup(clientId)).includes(redirectUri);
}
