import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { distDir } from "./paths.js";

export interface BuiltFile {
  /** As referenced, relative to dist (`assets/screen-….js`). */
  file: string;
  code: string;
  gzip: number;
}

const read = (file: string): BuiltFile => {
  const body = fs.readFileSync(path.join(distDir, file));
  return { file, code: body.toString("utf8"), gzip: gzipSync(body).length };
};
const local = (ref: string) => ref.replace(/^\.?\//, "");

/**
 * The device app as built: what `screen.html` loads before its first screen can run (its module
 * script and module preloads), the chunks those import on demand (the dashboard), and the
 * service worker.
 */
export function deviceAppBuild(): { first: BuiltFile[]; lazy: BuiltFile[]; worker: BuiltFile } {
  const html = fs.readFileSync(path.join(distDir, "screen.html"), "utf8");
  const refs = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => local(m[1] as string));
  const first = [
    ...new Set([
      ...refs(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
      ...refs(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
    ]),
  ].map(read);
  const lazy = new Set<string>();
  for (const entry of first) {
    const dir = path.posix.dirname(entry.file);
    for (const m of entry.code.matchAll(/["']\.\/([A-Za-z0-9_-]+\.js)["']/g)) lazy.add(`${dir}/${m[1]}`);
  }
  return { first, lazy: [...lazy].map(read), worker: read("sw.js") };
}

/**
 * Built-ins newer than Chrome 87 and Safari 14 (the old wall tablets the device app is built
 * for): esbuild lowers syntax to the build target, but not library calls, so one of these in the
 * bundle is a TypeError on such a tablet. Versions from MDN's compatibility tables.
 */
export const NEWER_BUILTINS: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /\.at\((?:-?\d|[A-Za-z_$])/, what: "Array/String .at() (Chrome 92, Safari 15.4)" },
  { pattern: /\bObject\.hasOwn\b/, what: "Object.hasOwn (Chrome 93, Safari 15.4)" },
  { pattern: /\bstructuredClone\(/, what: "structuredClone (Chrome 98, Safari 15.4)" },
  { pattern: /\.findLast(?:Index)?\(/, what: ".findLast() (Chrome 97, Safari 15.4)" },
  { pattern: /\.to(?:Sorted|Reversed|Spliced)\(/, what: ".toSorted()/.toReversed() (Chrome 110, Safari 16)" },
  { pattern: /\b(?:Object|Map)\.groupBy\b/, what: "Object.groupBy (Chrome 117, Safari 17.4)" },
  { pattern: /\bPromise\.withResolvers\b/, what: "Promise.withResolvers (Chrome 119, Safari 17.4)" },
  { pattern: /\bAbortSignal\.(?:timeout|any)\b/, what: "AbortSignal.timeout/any (Chrome 103, Safari 16)" },
  { pattern: /\.randomUUID\(/, what: "crypto.randomUUID (Chrome 92, Safari 15.4)" },
  { pattern: /\bWeakRef\b|\bFinalizationRegistry\b/, what: "WeakRef (Safari 14.1)" },
  { pattern: /\bArray\.fromAsync\b/, what: "Array.fromAsync (Chrome 121, Safari 16.4)" },
];

/** The device app's stylesheets: those screen.html links and those its chunks load on demand. */
export function deviceAppCss(): BuiltFile[] {
  const { first, lazy } = deviceAppBuild();
  const html = fs.readFileSync(path.join(distDir, "screen.html"), "utf8");
  const files = new Set(
    [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => local(m[1] as string)),
  );
  for (const chunk of [...first, ...lazy]) {
    const dir = path.posix.dirname(chunk.file);
    for (const m of chunk.code.matchAll(/["'](?:\.\/|assets\/)?([A-Za-z0-9_-]+\.css)["']/g))
      files.add(`${dir}/${m[1]}`);
  }
  return [...files].filter((f) => fs.existsSync(path.join(distDir, f))).map(read);
}

/**
 * CSS that Chrome 87 or Safari 14.0 drop or ignore and no build step lowers. An unknown selector
 * drops its whole rule, with every selector listed beside it; flex `gap` (Safari 14.1) and
 * `aspect-ratio` (Safari 15) are ignored, which breaks spacing and sizing.
 */
export function oldTabletCssProblems(css: BuiltFile): string[] {
  const problems: string[] = [];
  for (const rule of css.code.split("}")) {
    const [selectors = "", body = ""] = rule.split("{").slice(-2);
    const where = `${css.file}: "${selectors.trim()}"`;
    if (/:has\(/.test(selectors)) problems.push(`${where} uses :has() (Chrome 105, Safari 15.4)`);
    if (/:(?:is|where)\(/.test(selectors)) problems.push(`${where} uses :is()/:where() (Chrome 88)`);
    if (/:focus-visible/.test(selectors) && selectors.split(",").some((s) => !/:focus-visible/.test(s))) {
      // Safari 14 has no :focus-visible: alone, only the focus ring is lost, not other rules.
      problems.push(`${where} lists :focus-visible with other selectors (Safari 15.4)`);
    }
    if (/(?:^|;)\s*display:\s*(?:inline-)?flex/.test(body) && /(?:^|;)\s*(?:row-|column-)?gap:/.test(body)) {
      problems.push(`${where} has flex gap (Safari 14.1)`);
    }
    if (/(?:^|;)\s*aspect-ratio:/.test(body)) problems.push(`${where} has aspect-ratio (Safari 15)`);
  }
  if (/@container/.test(css.code)) problems.push(`${css.file} has @container (Chrome 105, Safari 16)`);
  return problems;
}
