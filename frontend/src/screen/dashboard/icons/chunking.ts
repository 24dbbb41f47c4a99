/**
 * How the MDI icon set is split for lazy loading, shared by the build plugin (mdi-chunks.ts) and
 * the loader (loader.ts). HA's frontend does the same (build-scripts/gulp/gen-icons-json.js splits
 * @mdi/svg into `static/mdi/*.json` chunks with an index of each chunk's first icon;
 * src/data/iconsets.ts finds the chunk for a name and caches it). Keys are @mdi/js export names, so
 * the name → key mapping is the one @mdi/js itself uses and needs no metadata.
 */
export interface ChunkIndex {
  /** The first key in each chunk, sorted. */
  parts: string[];
  /** Each chunk's file, relative to the index. */
  files: string[];
}

/** "mdi:numeric-1-box" → "mdiNumeric1Box" (how @mdi/js names its exports). */
export function iconKey(name: string): string | null {
  if (!name.startsWith("mdi:") || name.length < 5) return null;
  const words = name.slice(4).split("-");
  if (words.some((word) => !/^[a-z0-9]+$/.test(word))) return null;
  return `mdi${words.map((word) => word[0].toUpperCase() + word.slice(1)).join("")}`;
}

/** The chunk that holds `key`: the last one whose first key is not after it. */
export function chunkFor(index: ChunkIndex, key: string): number {
  let low = 0;
  let high = index.parts.length - 1;
  if (high < 0 || key < index.parts[0]) return -1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (index.parts[middle] <= key) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Sorted [key, path] pairs in chunks of about `budget` characters. */
export function splitIcons(icons: Record<string, string>, budget: number): Array<Record<string, string>> {
  const chunks: Array<Record<string, string>> = [];
  let current: Record<string, string> = {};
  let size = 0;
  for (const key of Object.keys(icons).sort()) {
    const path = icons[key];
    if (typeof path !== "string" || !key.startsWith("mdi")) continue;
    if (size > 0 && size + path.length > budget) {
      chunks.push(current);
      current = {};
      size = 0;
    }
    current[key] = path;
    size += key.length + path.length;
  }
  if (size > 0) chunks.push(current);
  return chunks;
}

/** A short content hash for cache-busting file names (FNV-1a; no Node API needed). */
export function contentHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
