import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Logger } from "../log/logger.js";
import type { Fetched } from "./fetch-file.js";

/**
 * HA's built files on disk, one folder per HA version (`<dataDir>/ha-frontend/<version>/`): the
 * files of one HA release never change, so each is fetched once per version; when HA's version
 * changes the old folder goes. Files are stored under the SHA-256 of their URL path, so no
 * request path ever becomes a file system path. A total size cap bounds the disk; over it files
 * are still served, just not kept. Errors are never stored.
 */

export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;
const VERSION_NAME = /^[0-9A-Za-z._+-]{1,64}$/;

interface Meta {
  path: string;
  headers: Record<string, string>;
  size: number;
}

export class FrontendCache {
  private version: string | null = null;
  private used = 0;
  private warnedFull = false;
  private readonly inFlight = new Map<string, Promise<Fetched>>();

  constructor(
    private readonly root: string,
    private readonly maxBytes: number,
    private readonly log: Logger,
  ) {}

  /** The folder a version's files live in. */
  dirOf(version: string): string {
    const name = VERSION_NAME.test(version) && !/^\.+$/.test(version) ? version : hash(version).slice(0, 32);
    return path.join(this.root, name);
  }

  /**
   * The file at `urlPath` for `version`: from disk, or from `fetcher` once (concurrent requests
   * for one file share one fetch), then kept when it fits.
   */
  async get(version: string, urlPath: string, fetcher: () => Promise<Fetched>): Promise<Fetched> {
    this.use(version);
    const key = `${version}\0${urlPath}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const task = this.read(version, urlPath).then(
      (stored) => stored ?? this.fetchAndStore(version, urlPath, fetcher),
    );
    this.inFlight.set(key, task);
    try {
      return await task;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Switches to `version`, removing every other version's folder (and any stray file). */
  private use(version: string): void {
    if (this.version === version) return;
    const keep = this.dirOf(version);
    fs.mkdirSync(keep, { recursive: true });
    for (const entry of fs.readdirSync(this.root)) {
      const full = path.join(this.root, entry);
      if (full !== keep) fs.rmSync(full, { recursive: true, force: true });
    }
    this.used = 0;
    for (const entry of fs.readdirSync(keep)) this.used += fs.statSync(path.join(keep, entry)).size;
    this.version = version;
    this.warnedFull = false;
    this.log.info("HA's interface cache is for this Home Assistant version", { version });
  }

  private async read(version: string, urlPath: string): Promise<Fetched | null> {
    const base = path.join(this.dirOf(version), hash(urlPath));
    try {
      const meta = JSON.parse(await fs.promises.readFile(`${base}.json`, "utf8")) as Meta;
      const body = await fs.promises.readFile(`${base}.body`);
      if (meta.path !== urlPath || body.length !== meta.size) return null;
      return { status: 200, headers: meta.headers, body };
    } catch {
      return null;
    }
  }

  private async fetchAndStore(
    version: string,
    urlPath: string,
    fetcher: () => Promise<Fetched>,
  ): Promise<Fetched> {
    const fetched = await fetcher();
    // HA's version may have changed while this file was on its way: keep it only for its own.
    if (this.version !== version) return fetched;
    const size = fetched.body.length + 512;
    if (this.used + size > this.maxBytes) {
      if (!this.warnedFull)
        this.log.warn("HA's interface cache is full; serving files without keeping them", {
          max_bytes: this.maxBytes,
        });
      this.warnedFull = true;
      return fetched;
    }
    if (await this.write(version, urlPath, fetched)) this.used += size;
    return fetched;
  }

  /** Body first, then its description: a file without one is never read back. */
  private async write(version: string, urlPath: string, fetched: Fetched): Promise<boolean> {
    const base = path.join(this.dirOf(version), hash(urlPath));
    const meta: Meta = { path: urlPath, headers: fetched.headers, size: fetched.body.length };
    try {
      await fs.promises.writeFile(`${base}.body.tmp`, fetched.body);
      await fs.promises.rename(`${base}.body.tmp`, `${base}.body`);
      await fs.promises.writeFile(`${base}.json.tmp`, JSON.stringify(meta));
      await fs.promises.rename(`${base}.json.tmp`, `${base}.json`);
      return true;
    } catch (error) {
      // The folder went (HA's version changed meanwhile) or the disk is full: served, not kept.
      this.log.debug("could not keep a file of HA's interface", { path: urlPath, error: String(error) });
      return false;
    }
  }
}

function hash(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
