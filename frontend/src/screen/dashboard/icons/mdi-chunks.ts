import type { Plugin } from "vite";
import { type ChunkIndex, contentHash, splitIcons } from "./chunking.js";

/** About 60 kB of paths per file: one fetch per rarely used icon family, ~20 kB gzip. */
const CHUNK_BUDGET = 60_000;

/**
 * Emits the whole MDI set as `mdi/<n>-<hash>.json` chunks plus `mdi/index.json` into the build
 * output, for icons a user picked in HA (`mdi:<name>`) that the dashboard does not bundle. Only the
 * chunks a screen needs are ever fetched (icons/loader.ts). Build only: in `vite` dev such icons
 * show their domain's default.
 */
export function mdiChunks(): Plugin {
  return {
    name: "hasync-mdi-chunks",
    apply: "build",
    async generateBundle() {
      const icons = (await import("@mdi/js")) as unknown as Record<string, string>;
      const index: ChunkIndex = { parts: [], files: [] };
      splitIcons(icons, CHUNK_BUDGET).forEach((chunk, n) => {
        const source = JSON.stringify(chunk);
        const file = `${n}-${contentHash(source)}.json`;
        index.parts.push(Object.keys(chunk)[0]);
        index.files.push(file);
        this.emitFile({ type: "asset", fileName: `mdi/${file}`, source });
      });
      this.emitFile({ type: "asset", fileName: "mdi/index.json", source: JSON.stringify(index) });
    },
  };
}
