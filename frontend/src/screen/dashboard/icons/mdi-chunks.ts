import type { Plugin } from "vite";
import { type ChunkIndex, contentHash, splitIcons } from "./chunking.js";

/** About 60 kB of paths per file: one fetch per rarely used icon family, ~20 kB gzip. */
const CHUNK_BUDGET = 60_000;

/** The files: `mdi/index.json` and one `mdi/<n>-<hash>.json` per chunk. */
async function mdiFiles(): Promise<Map<string, string>> {
  const icons = (await import("@mdi/js")) as unknown as Record<string, string>;
  const index: ChunkIndex = { parts: [], files: [] };
  const files = new Map<string, string>();
  splitIcons(icons, CHUNK_BUDGET).forEach((chunk, n) => {
    const source = JSON.stringify(chunk);
    const file = `${n}-${contentHash(source)}.json`;
    index.parts.push(Object.keys(chunk)[0]);
    index.files.push(file);
    files.set(`mdi/${file}`, source);
  });
  files.set("mdi/index.json", JSON.stringify(index));
  return files;
}

/**
 * Emits the whole MDI set as `mdi/<n>-<hash>.json` chunks plus `mdi/index.json` into the build
 * output, for icons a user picked in HA (`mdi:<name>`) that the dashboard does not bundle. Only the
 * chunks a screen needs are ever fetched (icons/loader.ts). `vite` dev serves the same files.
 */
export function mdiChunks(): Plugin {
  let served: Promise<Map<string, string>> | null = null;
  return {
    name: "hasync-mdi-chunks",
    async generateBundle() {
      for (const [fileName, source] of await mdiFiles()) this.emitFile({ type: "asset", fileName, source });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? "").split("?")[0].replace(/^\//, "");
        if (!path.startsWith("mdi/")) return next();
        served ??= mdiFiles();
        served.then((files) => {
          const source = files.get(path);
          if (source === undefined) return next();
          res.setHeader("Content-Type", "application/json");
          res.end(source);
        }, next);
      });
    },
  };
}
