/**
 * Every URL the UI uses is relative to the document base that the server pins per request
 * (`/admin/` on the LAN port, `/api/hassio_ingress/<token>/` inside Home Assistant). A root-absolute URL
 * would escape ingress and hit Home Assistant's own `/api`.
 */
export function apiUrl(path: string): string {
  if (path.startsWith("/")) throw new Error(`API paths must be relative: ${path}`);
  return `api/v1/${path}`;
}

/**
 * A root-absolute URL to one of the app's own paths, quoted in code or markup. Used by the tests
 * that scan the sources and the build; the app itself never needs it.
 */
export const ROOT_ABSOLUTE =
  /(["'`(]|\b(?:href|src|action)=["']?)\/(?!\/)(?:api|health|assets|pair|devices|invites|activity|settings|auth|favicon)\b/;
