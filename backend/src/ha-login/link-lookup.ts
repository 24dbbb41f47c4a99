import http from "node:http";
import https from "node:https";
import type { Logger } from "../log/logger.js";
import { parseUrl, type RedirectUriLookup } from "./indieauth.js";

/**
 * `homeassistant/components/auth/indieauth.py fetch_redirect_uris`: the client page's
 * `<link rel="redirect_uri" href>` values, from the first 10 kB, within 5 s. Stricter than HA:
 * redirects are not followed (the client_id is the page), and only a few look-ups run at once.
 */
export interface LinkLookupOptions {
  log: Logger;
  timeoutMs?: number;
  maxBytes?: number;
  maxConcurrent?: number;
}

/** HA reads ten 1 kB chunks (`iter_chunked(1024)`, `if chunks == 10: break`). */
export const LOOKUP_MAX_BYTES = 10 * 1024;
/** HA's `aiohttp.ClientTimeout(total=5)`. */
export const LOOKUP_TIMEOUT_MS = 5000;

export function linkLookup(options: LinkLookupOptions): RedirectUriLookup {
  const maxConcurrent = options.maxConcurrent ?? 4;
  let running = 0;
  return async (clientId) => {
    if (running >= maxConcurrent) {
      options.log.warn("redirect_uri look-up skipped: too many at once");
      return [];
    }
    running += 1;
    try {
      const page = await fetchHead(
        clientId,
        options.timeoutMs ?? LOOKUP_TIMEOUT_MS,
        options.maxBytes ?? LOOKUP_MAX_BYTES,
        options.log,
      );
      return page === null ? [] : redirectUrisIn(page, clientId);
    } finally {
      running -= 1;
    }
  };
}

/** The first `maxBytes` of the page's body, or null when it could not be read (logged, as HA does). */
function fetchHead(url: string, timeoutMs: number, maxBytes: number, log: Logger): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (page: string | null, problem?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      if (problem) log.warn(`${problem} while looking up redirect_uri`, { client_id: url });
      resolve(page);
    };
    const body = () => Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
    const get = url.startsWith("https:") ? https.get : http.get;
    const req = get(url, { headers: { accept: "text/html" } }, (res) => {
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= maxBytes) settle(body());
      });
      res.on("end", () => settle(body()));
      res.on("error", () => settle(body()));
    });
    const timer = setTimeout(() => settle(null, "Timeout"), timeoutMs);
    timer.unref();
    req.on("error", (error: NodeJS.ErrnoException) => settle(null, `Error ${error.code ?? "unknown"}`));
  });
}

/** `LinkTagParser("redirect_uri")`: `<link>` start tags whose `rel` is exactly `redirect_uri`. */
export function redirectUrisIn(html: string, base: string): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(/<link\b([^>]*)>/gi)) {
    const attributes = attributesOf(tag[1] ?? "");
    const href = attributes.get("href");
    if (attributes.get("rel") === "redirect_uri" && href !== undefined) {
      const resolved = resolve(href, base);
      if (resolved !== null) found.push(resolved);
    }
  }
  return found;
}

function attributesOf(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of source.matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const name = (m[1] ?? "").toLowerCase();
    // HA builds a dict from the attribute list, so a repeated attribute's last value counts.
    attributes.set(name, unescapeHtml(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return attributes;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeHtml(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code =
        body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** `urljoin(url, found)`: an absolute href as written, a relative one against the page. */
function resolve(href: string, base: string): string | null {
  if (parseUrl(href)?.scheme) return href;
  try {
    return new URL(href, base).href;
  } catch {
    return null;
  }
}
