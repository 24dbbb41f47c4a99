import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";

/**
 * HA's web interface as HA core serves it (homeassistant/components/frontend/__init__.py), from a
 * built `hass_frontend` directory: the static folders and files it registers, the index rendered
 * from its Jinja template at `/` and every panel path, `/auth/authorize`, and the generated
 * `/manifest.json`. All of it is public in HA (no auth), so it is answered before the REST API's
 * bearer check.
 */

/** homeassistant/components/http/static.py CACHE_HEADERS: a month, for hashed (immutable) files. */
const CACHE_CONTROL = "public, max-age=2678400";
/** homeassistant/components/frontend DEFAULT_THEME_COLOR (the default theme). */
const DEFAULT_THEME_COLOR = "#03A9F4";

/** frontend/__init__.py async_setup: the folders served as static resources, all with cache headers. */
const CACHED_DIRS = new Set(["static", "frontend_latest", "frontend_es5"]);
/** frontend/__init__.py async_setup: single files, `true` where they get the cache headers. */
const FILES = new Map<string, { file: string; cache: boolean }>([
  ["/service_worker.js", { file: "service_worker.js", cache: false }],
  ["/sw-modern.js", { file: "sw-modern.js", cache: false }],
  ["/sw-modern.js.map", { file: "sw-modern.js.map", cache: false }],
  ["/sw-legacy.js", { file: "sw-legacy.js", cache: false }],
  ["/sw-legacy.js.map", { file: "sw-legacy.js.map", cache: false }],
  ["/robots.txt", { file: "robots.txt", cache: false }],
  ["/onboarding.html", { file: "onboarding.html", cache: true }],
  ["/auth/authorize", { file: "authorize.html", cache: false }],
]);

/**
 * The panels a default HA install registers (`DATA_PANELS`): IndexView.resolve answers the index
 * for `/` and for a path whose first segment is one of them, and nothing else.
 */
const PANELS = new Set([
  "lovelace",
  // The frontend's default panel from 2026 on (src/data/panel.ts DEFAULT_PANEL).
  "home",
  "profile",
  "developer-tools",
  "config",
  "map",
  "logbook",
  "history",
  "energy",
  "todo",
  "calendar",
  "media-browser",
]);

/** Python's mimetypes for the file types a `hass_frontend` build holds (aiohttp's FileResponse). */
const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".map": "application/json",
  ".css": "text/css",
  ".html": "text/html",
  ".txt": "text/plain",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".xml": "text/xml",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".ico": "image/vnd.microsoft.icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".webp": "image/webp",
};

/**
 * homeassistant/components/http/headers.py setup_headers: on every response HA's HTTP server
 * sends (X-Frame-Options with its default `use_x_frame_options: true`).
 */
export const HA_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "SAMEORIGIN",
};

/** frontend/__init__.py MANIFEST_JSON, as ManifestJSONView sends it (json_dumps_sorted: sorted, compact). */
function manifestJson(themeColor: string): string {
  const manifest: Record<string, unknown> = {
    background_color: "#FFFFFF",
    description: "Home automation platform that puts local control and privacy first.",
    dir: "ltr",
    display: "standalone",
    icons: [
      ...[192, 384, 512, 1024].map((size) => ({
        src: `/static/icons/favicon-${size}x${size}.png`,
        sizes: `${size}x${size}`,
        type: "image/png",
        purpose: "any",
      })),
      ...[48, 72, 96, 128, 192, 384, 512].map((size) => ({
        src: `/static/icons/maskable_icon-${size}x${size}.png`,
        sizes: `${size}x${size}`,
        type: "image/png",
        purpose: "maskable",
      })),
    ],
    screenshots: [
      { src: "/static/images/screenshots/screenshot-1.png", sizes: "413x792", type: "image/png" },
    ],
    lang: "en-US",
    name: "Home Assistant",
    short_name: "Home Assistant",
    start_url: "/?homescreen=1",
    id: "/?homescreen=1",
    theme_color: themeColor,
    prefer_related_applications: true,
    related_applications: [{ platform: "play", id: "io.homeassistant.companion.android" }],
  };
  return JSON.stringify(sorted(manifest));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sorted((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * IndexView.get's `template.render(theme_color=…, extra_modules=…, extra_js_es5=…)` for exactly
 * the constructs the built index.html uses: `{{ theme_color }}` and two `{%- for … -%}` loops
 * over lists that are empty here (no extra module or ES5 URL configured). The `-` trims the
 * whitespace on both sides, so an empty loop leaves nothing; Jinja also drops a final newline.
 */
export function renderIndex(template: string, themeColor = DEFAULT_THEME_COLOR): string {
  return template
    .replace(/\s*\{%-\s*for \w+ in (?:extra_modules|extra_js_es5)\s*-%\}[\s\S]*?\{%-\s*endfor\s*-%\}\s*/g, "")
    .replaceAll("{{ theme_color }}", themeColor)
    .replace(/\n$/, "");
}

export interface FrontendServer {
  /** Answers a request for HA's interface; false when the path is not one of its own. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
}

export function frontendServer(dir: string): FrontendServer {
  const root = path.resolve(dir);
  let index: string | undefined;
  const indexHtml = () => {
    index ??= renderIndex(fs.readFileSync(path.join(root, "index.html"), "utf8"));
    return index;
  };
  return {
    handle(req, res, url) {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      const p = url.pathname;
      if (p === "/manifest.json") {
        send(res, 200, "application/manifest+json; charset=utf-8", manifestJson(DEFAULT_THEME_COLOR));
        return true;
      }
      const first = p.split("/")[1] ?? "";
      if (p === "/" || PANELS.has(first)) {
        send(res, 200, "text/html; charset=utf-8", indexHtml());
        return true;
      }
      const single = FILES.get(p);
      if (single) return serveFile(req, res, path.join(root, single.file), single.cache);
      if (!CACHED_DIRS.has(first)) return false;
      const file = inside(root, p);
      if (file === null) return notFound(res);
      return serveFile(req, res, file, true);
    },
  };
}

/** The file a URL path names under `root`, or null when it would leave it (CachingStaticResource). */
function inside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const full = path.resolve(root, `.${decoded}`);
  return full.startsWith(`${root}${path.sep}`) ? full : null;
}

/** aiohttp's FileResponse: type by extension, length, ETag and Last-Modified, 304 on a match. */
function serveFile(req: IncomingMessage, res: ServerResponse, file: string, cache: boolean): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return notFound(res);
  }
  if (!stat.isFile()) return notFound(res);
  const etag = `"${Math.floor(stat.mtimeMs * 1e6).toString(16)}-${stat.size.toString(16)}"`;
  const headers: Record<string, string | number> = {
    ...HA_RESPONSE_HEADERS,
    "Content-Type": CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
    ETag: etag,
    "Last-Modified": stat.mtime.toUTCString(),
    "Accept-Ranges": "bytes",
  };
  if (cache) headers["Cache-Control"] = CACHE_CONTROL;
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  res.writeHead(200, { ...headers, "Content-Length": stat.size });
  if (req.method === "HEAD") res.end();
  else
    fs.createReadStream(file)
      .on("error", () => res.destroy())
      .pipe(res);
  return true;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    ...HA_RESPONSE_HEADERS,
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/** aiohttp's HTTPNotFound body. */
function notFound(res: ServerResponse): true {
  send(res, 404, "text/plain; charset=utf-8", "404: Not Found");
  return true;
}
