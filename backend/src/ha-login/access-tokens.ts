import { randomBytes } from "node:crypto";
import { MAX_ACCESS_TOKENS_PER_DEVICE } from "hasync";
import type { Db } from "../db/database.js";
import { sha256 } from "../devices/tokens.js";

/** Its own prefix (not `hasync_`, not a screen ticket's): secret scanners and logs can tell them apart. */
export const ACCESS_TOKEN_PREFIX = "hsat_";
const ACCESS_TOKEN_LENGTH = ACCESS_TOKEN_PREFIX.length + 43;

export const looksLikeAccessToken = (value: string): boolean =>
  value.length === ACCESS_TOKEN_LENGTH && value.startsWith(ACCESS_TOKEN_PREFIX);

interface Minted {
  hash: string;
  deviceId: string;
  createdAt: number;
  expiresAt: number;
}

export interface AccessTokensOptions {
  db: Db;
  now: () => number;
  /** `Settings.accessTokenTtlS`: HA's 30 minutes (`auth/const.py ACCESS_TOKEN_EXPIRATION`) or shorter. */
  ttlS: number;
}

/**
 * Short-lived access tokens minted from a device's refresh token at `/auth/token`, as HA's
 * `auth/__init__.py async_create_access_token` does for a refresh token: they authenticate REST
 * and WebSocket exactly as the device token does (DevicesService `accessTokens`), until they
 * expire. Stored by SHA-256 only, cached in memory, at most MAX_ACCESS_TOKENS_PER_DEVICE each.
 */
export class AccessTokens {
  private readonly byHash = new Map<string, Minted>();
  /** Per device, oldest first. */
  private readonly byDevice = new Map<string, Minted[]>();

  constructor(private readonly o: AccessTokensOptions) {}

  get ttlS(): number {
    return this.o.ttlS;
  }

  /** Loads the live tokens (a restart keeps clients signed in) and drops the expired rows. */
  start(): void {
    this.purgeExpired();
    const rows = this.o.db
      .prepare<[], { token_hash: string; device_id: string; created_at: number; expires_at: number }>(
        "SELECT * FROM device_access_tokens ORDER BY created_at",
      )
      .all();
    for (const row of rows) {
      this.cache({
        hash: row.token_hash,
        deviceId: row.device_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      });
    }
  }

  /** DevicesService's seam: the device of a live token, null when unknown or expired, undefined when not one. */
  deviceOf(credential: string): string | null | undefined {
    if (!looksLikeAccessToken(credential)) return undefined;
    const minted = this.byHash.get(sha256(credential));
    if (!minted) return null;
    if (minted.expiresAt <= this.o.now()) {
      this.drop([minted]);
      return null;
    }
    return minted.deviceId;
  }

  /** A new token for the device; the oldest beyond the limit gives way. */
  mint(deviceId: string): { token: string; expiresIn: number } {
    const token = `${ACCESS_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
    const createdAt = this.o.now();
    const minted = { hash: sha256(token), deviceId, createdAt, expiresAt: createdAt + this.o.ttlS * 1000 };
    this.o.db
      .prepare(
        "INSERT INTO device_access_tokens (token_hash, device_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
      )
      .run(minted.hash, deviceId, minted.createdAt, minted.expiresAt);
    this.cache(minted);
    const held = this.byDevice.get(deviceId) ?? [];
    if (held.length > MAX_ACCESS_TOKENS_PER_DEVICE)
      this.drop(held.slice(0, held.length - MAX_ACCESS_TOKENS_PER_DEVICE));
    return { token, expiresIn: this.o.ttlS };
  }

  /** Every token of the device (revoked, expired, closed, deleted): none authenticates any more. */
  forgetDevice(deviceId: string): void {
    this.o.db.prepare("DELETE FROM device_access_tokens WHERE device_id = ?").run(deviceId);
    for (const minted of this.byDevice.get(deviceId) ?? []) this.byHash.delete(minted.hash);
    this.byDevice.delete(deviceId);
  }

  purgeExpired(): void {
    const now = this.o.now();
    this.o.db.prepare("DELETE FROM device_access_tokens WHERE expires_at <= ?").run(now);
    this.drop([...this.byHash.values()].filter((m) => m.expiresAt <= now));
  }

  /** Tokens held in memory (for tests and the bound check). */
  get size(): number {
    return this.byHash.size;
  }

  private cache(minted: Minted): void {
    this.byHash.set(minted.hash, minted);
    const held = this.byDevice.get(minted.deviceId);
    if (held) held.push(minted);
    else this.byDevice.set(minted.deviceId, [minted]);
  }

  private drop(tokens: readonly Minted[]): void {
    const remove = this.o.db.prepare("DELETE FROM device_access_tokens WHERE token_hash = ?");
    for (const minted of tokens) {
      remove.run(minted.hash);
      this.byHash.delete(minted.hash);
      const held = this.byDevice.get(minted.deviceId)?.filter((m) => m !== minted) ?? [];
      if (held.length > 0) this.byDevice.set(minted.deviceId, held);
      else this.byDevice.delete(minted.deviceId);
    }
  }
}
