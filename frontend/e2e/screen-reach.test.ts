import { transformWithEsbuild } from "vite";
import { describe, expect, it } from "vitest";
import {
  type BuiltFile,
  deviceAppBuild,
  deviceAppCss,
  NEWER_BUILTINS,
  oldTabletCssProblems,
} from "./harness/screen-build.js";

/** Issue 13: the device app's first screen loads under 80 kB of gzipped JS. */
const FIRST_SCREEN_GZIP_BUDGET = 80 * 1024;
/** The oldest browsers the device app is built for: old wall tablets. */
const OLD_TABLETS = ["chrome87", "safari14"];

/**
 * The built device app (the e2e setup builds it as shipped) against what old wall tablets run.
 * No browser: Debian's Chromium is far newer than Chrome 87, so these read the bundle itself.
 */
describe("the device app's build reaches old wall tablets", () => {
  const build = deviceAppBuild();
  const everything: BuiltFile[] = [...build.first, ...build.lazy, build.worker];

  it("loads its first screen with under 80 kB of gzipped JS", () => {
    const gzip = build.first.reduce((sum, f) => sum + f.gzip, 0);
    console.log(
      `device app first screen: ${(gzip / 1024).toFixed(1)} kB gzip JS (${build.first.map((f) => f.file).join(", ")}); ` +
        `on demand: ${build.lazy.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} kB`).join(", ")}`,
    );
    expect(build.first.length).toBeGreaterThan(0);
    expect(gzip).toBeLessThan(FIRST_SCREEN_GZIP_BUDGET);
  });

  it("has no syntax newer than Chrome 87 and Safari 14 (lowering it for them changes nothing)", async () => {
    for (const f of everything) {
      // esbuild counts destructuring as unsupported before Safari 14.1 (a Safari 14.0 bug it has
      // no lowering for); Vite's build lets it through the same way (needsDestructuringSupportedWorkaround).
      const supported = { destructuring: true };
      const as = async (target: string | string[]) =>
        (await transformWithEsbuild(f.code, f.file, { target, supported, format: "esm", minify: false }))
          .code;
      expect(await as(OLD_TABLETS), f.file).toBe(await as("esnext"));
    }
  });

  it("calls no built-in that Chrome 87 or Safari 14 lacks", () => {
    const found = everything.flatMap((f) =>
      NEWER_BUILTINS.filter((b) => b.pattern.test(f.code)).map((b) => `${f.file}: ${b.what}`),
    );
    expect(found).toEqual([]);
  });

  it("uses no CSS that Chrome 87 or Safari 14.0 drop (selectors, flex gap, aspect-ratio, @container)", () => {
    const css = deviceAppCss();
    expect(css.map((f) => f.file).join(" ")).toMatch(
      /screen-[\w-]+\.css.*Dashboard-[\w-]+\.css|Dashboard-[\w-]+\.css.*screen-[\w-]+\.css/,
    );
    expect(css.flatMap(oldTabletCssProblems)).toEqual([]);
  });

  it("would notice such CSS (the check itself)", () => {
    const bad =
      ".a:has(b){color:red}.b{display:flex;gap:4px}.c,.d:focus-visible{outline:0}.e{aspect-ratio:1}";
    expect(oldTabletCssProblems({ file: "bad.css", code: bad, gzip: 0 })).toHaveLength(4);
  });
});
