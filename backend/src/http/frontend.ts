import fs from "node:fs";
import path from "node:path";
import express, { type Request, type RequestHandler, type Response, Router } from "express";
import type { Logger } from "../log/logger.js";
import { HttpError } from "./errors.js";

export interface FrontendDeps {
  dir: string;
  log: Logger;
  /** The ingress prefix the browser sees (`/api/hassio_ingress/<token>`), or null on the LAN port. */
  ingressPathOf: (req: Request) => string | null;
  /** Sets the device app's own, stricter headers (its CSP) over the admin UI's. */
  devicePageHeaders: RequestHandler[];
}

/** Admin UI routes that lived at the LAN root before the device app took `/` (old links keep working). */
const LEGACY_ADMIN_PATH = /^\/(?:pair|devices(?:\/[^/]+)?|activity|settings|invites)\/?$/;
/** Must be re-checked on every load: a cached service worker or manifest would pin an old app. */
const REVALIDATED = new Set(["sw.js", "manifest.webmanifest"]);

type Page = (req: Request, res: Response, href: string) => void;

/**
 * Serves the built web apps. On the LAN port `/` and `/invite` are the device app (screen.html)
 * and the admin UI lives under `/admin/`; through ingress the admin UI stays at the root. Vite
 * builds both with relative URLs (`base: './'`); the server pins the document base per request
 * with a `<base href>` so deep links and ingress resolve assets and API calls under the right
 * prefix. The HTML is never cached: its base differs per request.
 */
export function frontendRouter({ dir, log, ingressPathOf, devicePageHeaders }: FrontendDeps): Router {
  const adminPage = page(dir, "index.html", "The admin UI is not built. Run `npm run build`.", log);
  const screenPage = page(dir, "screen.html", "The screen app is not built. Run `npm run build`.", log);
  const files = staticFiles(dir);

  // Through ingress: the admin UI at the root, as before the device app existed.
  const ingress = Router();
  ingress.use("/assets", files.assets);
  ingress.get(["/", "/index.html"], (req, res) => adminPage(req, res, `${ingressPathOf(req)}/`));
  ingress.use(files.root);
  ingress.get(/^\/(?!api\/|health$).*/, (req, res, next) => {
    if (path.extname(req.path) !== "" || !req.accepts("html")) next();
    else adminPage(req, res, `${ingressPathOf(req)}/`);
  });

  // The LAN port: the device app at `/`, the admin UI under `/admin/`.
  // Strict, so `/admin` (redirected) and `/admin/` (the app) are two routes.
  const lan = Router({ strict: true });
  lan.use(["/assets", "/admin/assets"], files.assets);
  lan.get(["/", "/invite", "/auth/authorize", "/screen.html"], ...devicePageHeaders, (req, res) =>
    screenPage(req, res, "/"),
  );
  lan.get("/admin", (req, res) => res.redirect(308, `/admin/${searchOf(req)}`));
  lan.get(/^\/admin\/.*/, (req, res, next) => {
    if (path.extname(req.path) !== "" && req.path !== "/admin/index.html") next();
    else adminPage(req, res, "/admin/");
  });
  lan.get([LEGACY_ADMIN_PATH, "/index.html"], (req, res) => {
    const to = req.path === "/index.html" ? "/" : req.path;
    res.redirect(302, `/admin${to}${searchOf(req)}`);
  });
  // The admin UI's own root files (favicon) resolve under its base, `/admin/`.
  lan.use("/admin", files.root);
  lan.use(files.root);

  const router = Router();
  router.use((req, res, next) => (ingressPathOf(req) === null ? lan : ingress)(req, res, next));
  return router;
}

function staticFiles(dir: string): { assets: RequestHandler; root: RequestHandler } {
  return {
    assets: express.static(path.join(dir, "assets"), { immutable: true, maxAge: "365d", fallthrough: false }),
    root: express.static(dir, {
      index: false,
      maxAge: "1h",
      setHeaders: (res, file) => {
        if (REVALIDATED.has(path.basename(file))) res.setHeader("Cache-Control", "no-cache");
      },
    }),
  };
}

/** A page built from one HTML file with the request's `<base href>`, or 503 in words if not built. */
function page(dir: string, file: string, missing: string, log: Logger): Page {
  const full = path.join(dir, file);
  const template = fs.existsSync(full) ? fs.readFileSync(full, "utf8") : undefined;
  if (!template) log.warn(`${file} not built; run \`npm run build\``, { dir });
  return (_req, res, href) => {
    if (!template) throw new HttpError(503, "unavailable", missing);
    res
      .set("Cache-Control", "no-store")
      .type("html")
      .send(template.replace("<head>", `<head>\n    <base href="${escapeAttribute(href)}" />`));
  };
}

function searchOf(req: Request): string {
  const at = req.originalUrl.indexOf("?");
  return at === -1 ? "" : req.originalUrl.slice(at);
}

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}
