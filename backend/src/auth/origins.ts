import { isIP } from "node:net";

/**
 * Which origins HAsync is really served on, for the cross-site check of cookie-authenticated
 * writes. Comparing a request's `Origin` with its own `Host` proves nothing: under DNS rebinding a
 * page on `evil.example:8099` is re-pointed at the HAsync host, and its requests then carry
 * `Host: evil.example:8099` and the matching Origin. What such a page cannot choose is a host name
 * that only the home network resolves, so a LAN origin counts as HAsync's own when its host is:
 * an IP literal, `localhost`, a single-label name (`homeassistant`), a name under a suffix
 * reserved for private networks (RFC 6762 `.local`, RFC 8375 `.home.arpa`, ICANN's `.internal`,
 * and the names home routers hand out), or one of Home Assistant's own configured URLs
 * (`internal_url`/`external_url` in Settings → System → Network, e.g. split-horizon DNS names).
 */
const PRIVATE_SUFFIXES = [
  ".local",
  ".home.arpa",
  ".internal",
  ".lan",
  ".home",
  ".localdomain",
  ".fritz.box",
  ".localhost",
];

/** `host[:port]` or `[v6]:port` → the bare, lower-cased host name ("" when it is not one). */
export function hostnameOf(host: string): string {
  try {
    const { hostname } = new URL(`http://${host}`);
    return hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  } catch {
    return "";
  }
}

/** Host names a rebinding page cannot claim. `configured` are HA's own URL hosts. */
export function isHomeHost(hostname: string, configured: ReadonlySet<string>): boolean {
  if (hostname === "") return false;
  if (isIP(hostname) !== 0 || hostname === "localhost" || configured.has(hostname)) return true;
  if (!hostname.includes(".")) return /^[a-z0-9-]{1,63}$/.test(hostname);
  return PRIVATE_SUFFIXES.some((suffix) => hostname.endsWith(suffix));
}

/** The host names of HA's configured URLs (bad or missing ones are skipped). */
export function configuredHosts(urls: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  for (const url of urls) {
    if (typeof url !== "string") continue;
    try {
      out.add(hostnameOf(new URL(url).host));
    } catch {
      // A malformed URL in HA's config names no host HAsync is served on.
    }
  }
  return out;
}

export function originOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}
