import fs from "node:fs";
import path from "node:path";
import express, { type Request, Router } from "express";
import type { Logger } from "../log/logger.js";
import { HttpError } from "./errors.js";

export interface FrontendDeps {
  dir: string;
  log: Logger;
  /** The path the browser sees this app under: "" at the root, "/api/hassio_ingress/<token>" via ingress. */
  basePathOf: (req: Request) => string;
}

/**
 * Serves the built admin UI. Vite builds it with relative URLs (`base: './'`); the server pins the
 * document base per request with a `<base href>` so deep links and ingress both resolve assets and
 * API calls under the right prefix. index.html is never cached: its base differs per request.
 */
export function frontendRouter({ dir, log, basePathOf }: FrontendDeps): Router {
  const router = Router();
  const indexFile = path.join(dir, "index.html");
  const template = fs.existsSync(indexFile) ? fs.readFileSync(indexFile, "utf8") : undefined;
  if (!template) log.warn("admin UI not built; run `npm run build`", { dir });

  const sendIndex = (req: Request, res: express.Response) => {
    if (!template) {
      throw new HttpError(503, "unavailable", "The admin UI is not built. Run `npm run build`.");
    }
    const href = `${basePathOf(req)}/`;
    res
      .set("Cache-Control", "no-store")
      .type("html")
      .send(template.replace("<head>", `<head>\n    <base href="${escapeAttribute(href)}" />`));
  };

  router.get(["/", "/index.html"], sendIndex);
  router.use(
    "/assets",
    express.static(path.join(dir, "assets"), { immutable: true, maxAge: "365d", fallthrough: false }),
  );
  router.use(express.static(dir, { index: false, maxAge: "1h" }));
  // Client-side routes: any other GET for a page (not a file, not the API) gets the app.
  router.get(/^\/(?!api\/|health$).*/, (req, res, next) => {
    if (path.extname(req.path) !== "" || !req.accepts("html")) {
      next();
      return;
    }
    sendIndex(req, res);
  });
  return router;
}

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}
