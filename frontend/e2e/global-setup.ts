import fs from "node:fs";
import path from "node:path";
import { build } from "vite";
import { backendEntry, frontendDir } from "./harness/paths.js";

/**
 * Builds the admin UI and then the device app into the same dist, exactly as shipped (the e2e
 * suite tests the production build, not the dev server), and checks the backend is built: turbo
 * builds it before this workspace's tests.
 */
export default async function setup(): Promise<void> {
  if (!fs.existsSync(backendEntry)) {
    throw new Error(
      `The backend is not built (${backendEntry}). Run: cd backend && npx tsc -p tsconfig.build.json`,
    );
  }
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root: frontendDir, mode: "production", logLevel: "warn" });
    // The admin build empties dist first; the device app's (emptyOutDir false) adds screen.html.
    await build({
      root: frontendDir,
      configFile: path.join(frontendDir, "vite.screen.config.ts"),
      mode: "production",
      logLevel: "warn",
    });
  } finally {
    process.env.NODE_ENV = previous;
  }
}
