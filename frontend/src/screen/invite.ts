/**
 * `invite#<secret>`: the secret travels in the fragment, which browsers never send to a server,
 * so it stays out of every log and Referer. It leaves the address bar (and history) at once.
 */
export function isInvitePage(pathname: string, baseUri: string): boolean {
  return new URL("invite", baseUri).pathname === pathname;
}

/** The secret from `#<secret>`, or "" when the fragment is missing. */
export function secretOf(hash: string): string {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

/** Reads the secret and replaces the address with the app's root, so a reload shows the session. */
export function takeInviteSecret(): string | null {
  if (!isInvitePage(location.pathname, document.baseURI)) return null;
  const secret = secretOf(location.hash);
  history.replaceState(null, "", new URL("./", document.baseURI).href);
  return secret;
}
