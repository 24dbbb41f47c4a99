import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT_ABSOLUTE } from "./api/urls.js";

/**
 * Under Home Assistant's ingress the app lives at /api/hassio_ingress/<token>/; a root-absolute
 * URL ("/api/...", "/health", "/assets/...") would escape that prefix and hit Home Assistant's own
 * API. Every URL in the UI's sources must therefore be relative. (e2e/relative-urls.test.ts checks
 * the built bundle the same way.)
 */

const srcDir = path.dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.(ts|tsx|css|html)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe("no root-absolute URL in the UI", () => {
  it("recognises the mistakes it guards against", () => {
    for (const bad of [
      `fetch("/api/v1/x")`,
      `'/health'`,
      "`/api/v1/devices`",
      `href="/devices"`,
      `href="/invites"`,
      `url(/assets/a.png)`,
    ]) {
      expect(ROOT_ABSOLUTE.test(bad), bad).toBe(true);
    }
    for (const good of [
      `fetch("api/v1/x")`,
      `"health"`,
      `href="./"`,
      `"https://www.home-assistant.io/docs/"`,
    ]) {
      expect(ROOT_ABSOLUTE.test(good), good).toBe(false);
    }
  });

  it("finds none in the sources, the two pages or the device app's service worker and manifest", () => {
    const root = path.join(srcDir, "..");
    const pages = ["index.html", "screen.html", "public/sw.js", "public/manifest.webmanifest"];
    const files = [...sources(srcDir), ...pages.map((page) => path.join(root, page))];
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        // Comments may name such URLs to explain the rule; code may not use them.
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line) && ROOT_ABSOLUTE.test(line))
        .map((line) => `${path.relative(srcDir, file)}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
