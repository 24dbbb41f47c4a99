import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./paths.js";

/**
 * Where the built Home Assistant frontend (its `hass_frontend` output) is: `../shared/ha-frontend`
 * beside the repository, or `HASYNC_HA_FRONTEND_FIXTURE`. It is kept out of the repository, so a
 * clone without it skips the proof, except in CI, where a missing fixture is a failure: the proof
 * must run there.
 */
export function haFrontendFixture(): { dir: string } | { missing: string } {
  const dir = path.resolve(
    process.env.HASYNC_HA_FRONTEND_FIXTURE ?? path.join(repoRoot, "..", "shared", "ha-frontend"),
  );
  const index = path.join(dir, "index.html");
  if (fs.existsSync(index) && fs.existsSync(path.join(dir, "frontend_latest"))) return { dir };
  return {
    missing:
      `Home Assistant's built frontend is not at ${dir} (no index.html and frontend_latest/): ` +
      "build home-assistant/frontend's hass_frontend there or set HASYNC_HA_FRONTEND_FIXTURE",
  };
}

/** True where the proof must run (CI), so a missing fixture fails instead of skipping. */
export const FIXTURE_REQUIRED = process.env.CI === "true";
