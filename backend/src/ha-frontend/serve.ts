import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "../log/logger.js";
import type { Fetched } from "./fetch-file.js";
import { FrontendFetchError } from "./fetch-file.js";
import { classify } from "./paths.js";
import type { HaFrontend } from "./service.js";

export interface ServeDeps {
  frontend: HaFrontend;
  /** Non-null for a request through ingress, which HA's interface never touches. */
  ingressPathOf: (req: Request) => string | null;
  log: Logger;
}

/**
 * HA's web interface on the LAN port, when the admin chose it and it can be served: `/` and HA's
 * panel paths get HA's rendered index, its built files come from the per-version cache, each
 * with the headers HA gave it. Mounted before HAsync's own security headers, whose strict CSP
 * HA's pages cannot run under (inline scripts); everything else passes on untouched, so where HA's
 * interface is not chosen or not available devices get HAsync's own app as before.
 */
export function haInterfaceHandler({ frontend, ingressPathOf, log }: ServeDeps): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || ingressPathOf(req) !== null) return next();
    const kind = classify(req.path, req.accepts("html") === "html");
    if (kind === null) return next();
    if (!frontend.chosen()) return req.path === "/sw-modern.js" ? retireWorker(res) : next();
    const available = frontend.availability();
    if (!available.ok) return next();
    if (kind === "bad") return haError(res, 404, "Not Found");
    const answer =
      kind === "index"
        ? frontend.live("/")
        : kind.kind === "live"
          ? frontend.live(kind.path)
          : frontend.file(available.version, kind.path);
    answer.then(
      (fetched) => send(req, res, fetched),
      (error: unknown) => {
        // HA's index could not be had: the device gets HAsync's own app rather than an error page.
        if (kind === "index") return next();
        failed(res, error, log, req.path);
      },
    );
  };
}

function send(req: Request, res: Response, fetched: Fetched): void {
  // Node's own setHeader: Express's `set` would add a charset to HA's content type.
  for (const [name, value] of Object.entries(fetched.headers)) res.setHeader(name, value);
  if (notModified(req, fetched.headers)) {
    res.status(304).end();
    return;
  }
  res.status(200).setHeader("Content-Length", fetched.body.length);
  res.end(req.method === "HEAD" ? undefined : fetched.body);
}

/** aiohttp FileResponse's conditional GET: If-None-Match first, else If-Modified-Since. */
function notModified(req: Request, headers: Record<string, string>): boolean {
  const ifNoneMatch = req.get("if-none-match");
  if (ifNoneMatch !== undefined) {
    const etag = headers.etag;
    if (etag === undefined) return false;
    const bare = (tag: string) => tag.trim().replace(/^W\//, "");
    return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
  }
  const since = Date.parse(req.get("if-modified-since") ?? "");
  const modified = Date.parse(headers["last-modified"] ?? "");
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

function failed(res: Response, error: unknown, log: Logger, path: string): void {
  if (error instanceof FrontendFetchError && error.reason === "status" && error.status === 404) {
    haError(res, 404, "Not Found");
    return;
  }
  log.warn("a file of HA's interface could not be fetched", { path, error: String(error) });
  haError(res, 502, "Bad Gateway");
}

/**
 * What a browser that once ran HA's interface here gets when it checks HA's service worker for an
 * update after the admin chose HAsync's interface again. HA's worker (sw-modern.js, registered at
 * scope `/`) answers `/` stale-while-revalidate from its cache, so it would keep showing HA's
 * interface: this worker replaces it, removes its caches (not the device app's own), unregisters
 * and sends the open pages to `/` (not where HA's app had taken them, such as its sign-in at
 * /auth/authorize), where HAsync's device app loads and registers its own `sw.js`.
 */
const RETIRE_WORKER = `// HAsync: Home Assistant's interface is not served here any more; this retires its worker.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keys = await caches.keys();
      await Promise.all(keys.filter((key) => !key.startsWith("hasync-")).map((key) => caches.delete(key)));
      await self.registration.unregister();
      const home = self.registration.scope;
      for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(home);
    })(),
  );
});
`;

function retireWorker(res: Response): void {
  res
    .status(200)
    .set({
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
    })
    .send(RETIRE_WORKER);
}

/** aiohttp's plain-text error bodies ("404: Not Found"), with HA's response headers. */
function haError(res: Response, status: number, reason: string): void {
  res
    .status(status)
    .set({
      "Content-Type": "text/plain; charset=utf-8",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "SAMEORIGIN",
    })
    .end(`${status}: ${reason}`);
}
