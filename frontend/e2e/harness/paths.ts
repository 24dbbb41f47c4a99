import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const frontendDir = path.resolve(here, "..", "..");
export const repoRoot = path.resolve(frontendDir, "..");
export const distDir = path.join(frontendDir, "dist");
export const backendEntry = path.join(repoRoot, "backend", "dist", "main.js");
/** CI artifacts (gitignored): one screenshot per screen and width/scheme. */
export const screenshotDir = path.join(repoRoot, "artifacts", "screenshots");
