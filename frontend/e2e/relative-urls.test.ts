import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT_ABSOLUTE } from "../src/api/urls.js";
import { distDir } from "./harness/paths.js";

function built(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return built(file);
    return /\.(js|css|html)$/.test(entry.name) ? [file] : [];
  });
}

describe("the built UI (frontend/dist)", () => {
  it("holds no root-absolute URL: assets, API and routes all resolve against the document base", () => {
    const files = built(distDir);
    expect(files.some((f) => f.endsWith(".js"))).toBe(true);
    const offenders = files.flatMap((file) => {
      const text = fs.readFileSync(file, "utf8");
      const match = ROOT_ABSOLUTE.exec(text);
      return match
        ? [
            `${path.relative(distDir, file)}: …${text.slice(Math.max(0, match.index - 40), match.index + 40)}…`,
          ]
        : [];
    });
    expect(offenders).toEqual([]);
    const html = fs.readFileSync(path.join(distDir, "index.html"), "utf8");
    expect(html).toMatch(/src="\.\/assets\/index-[\w-]+\.js"/);
    const screen = fs.readFileSync(path.join(distDir, "screen.html"), "utf8");
    expect(screen).toMatch(/src="\.\/assets\/screen-[\w-]+\.js"/);
    expect(screen).toMatch(/href="\.\/manifest\.webmanifest"/);
  });

  it("keeps the initial JavaScript under 250 kB gzipped", async () => {
    const { gzipSync } = await import("node:zlib");
    const js = built(distDir).filter((f) => f.endsWith(".js"));
    const gzipped = js.reduce((sum, f) => sum + gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
    expect(gzipped).toBeLessThan(250 * 1024);
  });
});
