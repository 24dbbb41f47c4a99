/**
 * Which requests are HA's interface, and which of HA's paths HAsync fetches and caches. HA's own
 * routing (homeassistant/components/frontend/__init__.py) is the reference: static folders
 * `/frontend_latest/` and `/static/` (hashed files, cached a month), the service workers, the
 * generated `/manifest.json`, and the index at `/` and at every panel path.
 */

/** Longest HA file path HAsync asks HA for; HA's built files have short hashed names. */
export const MAX_FRONTEND_PATH_LENGTH = 512;

/**
 * The first path segments that are HAsync's own on the LAN port (its API, login flow, admin UI,
 * device app and its files, and the admin UI's old addresses): never HA's index.
 */
const HASYNC_SEGMENTS = new Set([
  "api",
  "auth",
  "admin",
  "assets",
  "mcp",
  "health",
  "invite",
  "screen.html",
  "index.html",
  "sw.js",
  "manifest.webmanifest",
  "favicon.svg",
  "icons",
  "pair",
  "devices",
  "activity",
  "settings",
  "invites",
  "onboarding.html",
]);

/** The kinds of HA path HAsync serves, with how HAsync keeps them. */
export type FrontendPath =
  /** A built file: fetched once per HA version and kept on disk. */
  | { kind: "file"; path: string }
  /** The rendered index or the manifest: HA generates them, they are never kept. */
  | { kind: "live"; path: "/" | "/manifest.json" };

/** HA's worker scripts (frontend/__init__.py registers them without cache headers). */
const WORKERS = new Set(["/sw-modern.js", "/service_worker.js"]);
const FILE_DIRS = /^\/(?:frontend_latest|static)\/./;
/** One path segment of a built file: letters, digits and `._-@+~` (no `..`, no encoded bytes). */
const SAFE_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._@+~-]{1,200}$/;

/**
 * What `pathname` is among HA's interface paths: a file to fetch and keep, the live index or
 * manifest, "index" for an HTML page load of a panel path, or null when it is not HA's.
 * "bad" is a path under HA's folders that cannot name a file (`..`, encoded bytes, too long).
 */
export function classify(pathname: string, wantsHtml: boolean): FrontendPath | "index" | "bad" | null {
  if (pathname === "/manifest.json") return { kind: "live", path: "/manifest.json" };
  if (WORKERS.has(pathname)) return { kind: "file", path: pathname };
  if (FILE_DIRS.test(pathname)) return safeFile(pathname) ? { kind: "file", path: pathname } : "bad";
  if (pathname === "/") return wantsHtml ? "index" : null;
  const first = pathname.split("/")[1] ?? "";
  if (!wantsHtml || HASYNC_SEGMENTS.has(first) || first.includes(".")) return null;
  return "index";
}

function safeFile(pathname: string): boolean {
  if (pathname.length > MAX_FRONTEND_PATH_LENGTH) return false;
  return pathname
    .slice(1)
    .split("/")
    .every((segment) => SAFE_SEGMENT.test(segment));
}
