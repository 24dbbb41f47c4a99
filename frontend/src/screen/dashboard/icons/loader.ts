import { type ChunkIndex, chunkFor, iconKey } from "./chunking.js";

/**
 * Loads `mdi:` icons that are not built in, from the chunks the build emits (mdi-chunks.ts), at a
 * URL relative to the document base (so it works wherever the app is served). Each file is fetched
 * once per page; a failed fetch is forgotten so a later render can try again (e.g. after a reconnect).
 */
const resolved = new Map<string, string | null>();
const files = new Map<string, Promise<Record<string, string>>>();
let indexPromise: Promise<ChunkIndex> | null = null;

const indexUrl = (): URL => new URL("mdi/index.json", document.baseURI);

async function json<T>(url: URL): Promise<T> {
  const response = await fetch(url.href, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${response.status}`);
  return (await response.json()) as T;
}

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let promise = map.get(key);
  if (!promise) {
    promise = load();
    map.set(key, promise);
    promise.catch(() => map.delete(key));
  }
  return promise;
}

function loadIndex(): Promise<ChunkIndex> {
  if (!indexPromise) {
    const promise = json<ChunkIndex>(indexUrl());
    indexPromise = promise;
    promise.catch(() => {
      indexPromise = null;
    });
  }
  return indexPromise;
}

/** A path already known (null: known not to exist), or undefined when it has not been loaded. */
export const knownIcon = (name: string): string | null | undefined => resolved.get(name);

export async function loadIcon(name: string): Promise<string | null> {
  const known = resolved.get(name);
  if (known !== undefined) return known;
  const key = iconKey(name);
  if (key === null) {
    resolved.set(name, null);
    return null;
  }
  const index = await loadIndex();
  const at = chunkFor(index, key);
  const file = at === -1 ? undefined : index.files[at];
  const chunk = file ? await cached(files, file, () => json(new URL(file, indexUrl()))) : {};
  const path = chunk[key] ?? null;
  resolved.set(name, path);
  return path;
}
