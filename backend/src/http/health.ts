import { Router } from "express";
import type { HealthResponse } from "hasync";
import type { Db } from "../db/database.js";

export interface HealthDeps {
  db: Db;
  version: string;
  startedAt: number;
  now: () => number;
  /** Extra checks contributed by other capabilities (e.g. home_assistant). */
  extraChecks?: () => Record<string, unknown>;
}

function databaseCheck(db: Db): "ok" | "error" {
  try {
    db.prepare("SELECT 1").get();
    return "ok";
  } catch {
    return "error";
  }
}

/** `GET /health` answers 200 while the process serves HTTP, whatever Home Assistant is doing. */
export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    const body: HealthResponse = {
      status: "ok",
      version: deps.version,
      uptime_s: Math.max(0, Math.floor((deps.now() - deps.startedAt) / 1000)),
      checks: { database: databaseCheck(deps.db), ...deps.extraChecks?.() },
    };
    res.set("Cache-Control", "no-store").json(body);
  });
  return router;
}
