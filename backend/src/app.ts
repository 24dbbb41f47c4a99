import express, { type Express, type Request } from "express";
import helmet from "helmet";
import type { Db } from "./db/database.js";
import { apiNotFound, errorMiddleware } from "./http/errors.js";
import { frontendRouter } from "./http/frontend.js";
import { healthRouter } from "./http/health.js";
import type { Logger } from "./log/logger.js";

export interface AppDeps {
  db: Db;
  log: Logger;
  version: string;
  frontendDir: string;
  now: () => number;
  startedAt: number;
}

/** Largest JSON body the API accepts; nothing it takes is bigger. */
export const JSON_BODY_LIMIT = "64kb";

/**
 * Builds the Express app without listening, so tests drive it over real HTTP on port 0.
 * Capabilities contribute routers; errors from all of them are mapped in one place.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.set("query parser", "simple");

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          // Home Assistant shows add-on panels in a same-origin iframe (ingress).
          frameAncestors: ["'self'"],
        },
      },
      // Plain HTTP on the LAN is normal for Home Assistant; HSTS there would lock users out.
      strictTransportSecurity: false,
      xFrameOptions: { action: "sameorigin" },
    }),
  );

  app.use(healthRouter({ db: deps.db, version: deps.version, startedAt: deps.startedAt, now: deps.now }));
  app.use("/api", express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  app.use("/api", apiNotFound);
  app.use(frontendRouter({ dir: deps.frontendDir, log: deps.log.child("http"), basePathOf: rootBase }));
  app.use(errorMiddleware(deps.log.child("http")));
  return app;
}

function rootBase(_req: Request): string {
  return "";
}
