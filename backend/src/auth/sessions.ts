import { createHash, randomBytes } from "node:crypto";
import type { AdminUser } from "hasync";
import type { Db } from "../db/database.js";

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/** Sliding expiry is written at most this often per session, not on every request. */
const SLIDE_EVERY_MS = 3600 * 1000;

export const hashSecret = (secret: string): string => createHash("sha256").update(secret).digest("hex");

interface Row {
  id_hash: string;
  user_name: string;
  display_name: string | null;
  via: "password";
  expires_at: number;
}

/**
 * Admin sessions for password logins. The cookie carries 256 random bits; the database keeps
 * only their SHA-256, so a copy of the database cannot be replayed as a cookie.
 */
export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  create(user: AdminUser, ip: string | null): { id: string; expiresAt: number } {
    const id = randomBytes(32).toString("base64url");
    const now = this.now();
    const expiresAt = now + SESSION_TTL_MS;
    this.db
      .prepare(
        `INSERT INTO admin_sessions (id_hash, user_name, display_name, via, created_at, expires_at, last_ip)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(hashSecret(id), user.name, user.display_name, user.via, now, expiresAt, ip);
    return { id, expiresAt };
  }

  /** The session's user, sliding its expiry forward; undefined when unknown or expired. */
  get(id: string): { user: AdminUser; expiresAt: number } | undefined {
    if (id.length > 128) return undefined;
    const hash = hashSecret(id);
    const row = this.db.prepare<[string], Row>("SELECT * FROM admin_sessions WHERE id_hash = ?").get(hash);
    const now = this.now();
    if (!row) return undefined;
    if (row.expires_at <= now) {
      this.db.prepare("DELETE FROM admin_sessions WHERE id_hash = ?").run(hash);
      return undefined;
    }
    let expiresAt = row.expires_at;
    if (now + SESSION_TTL_MS - row.expires_at > SLIDE_EVERY_MS) {
      expiresAt = now + SESSION_TTL_MS;
      this.db.prepare("UPDATE admin_sessions SET expires_at = ? WHERE id_hash = ?").run(expiresAt, hash);
    }
    return { user: { name: row.user_name, display_name: row.display_name, via: row.via }, expiresAt };
  }

  delete(id: string): void {
    this.db.prepare("DELETE FROM admin_sessions WHERE id_hash = ?").run(hashSecret(id));
  }

  purgeExpired(): number {
    return this.db.prepare("DELETE FROM admin_sessions WHERE expires_at <= ?").run(this.now()).changes;
  }
}
