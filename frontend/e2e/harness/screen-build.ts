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
