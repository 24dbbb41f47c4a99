import { type PassHours, PassHoursSchema, type Scope, ScopeSchema } from "hasync";
import type { Db } from "../db/database.js";

/** An invite link as stored: never its secret, only the secret's SHA-256. */
export interface InviteRecord {
  id: string;
  secretHash: string;
  name: string;
  scope: Scope;
  /** Unix ms: the link and every device it made end here. */
  expiresAt: number;
  hours: PassHours | null;
  maxUses: number;
  uses: number;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
}

interface Row {
  id: string;
  secret_hash: string;
  name: string;
  scope: string;
  expires_at: number;
  hours: string | null;
  max_uses: number;
  uses: number;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
}

const fromRow = (row: Row): InviteRecord => ({
  id: row.id,
  secretHash: row.secret_hash,
  name: row.name,
  scope: ScopeSchema.parse(JSON.parse(row.scope)),
  expiresAt: row.expires_at,
  hours: row.hours === null ? null : PassHoursSchema.parse(JSON.parse(row.hours)),
  maxUses: row.max_uses,
  uses: row.uses,
  createdAt: row.created_at,
  createdBy: row.created_by,
  revokedAt: row.revoked_at,
});

/** SQLite access for invite links (migration 7). */
export class InviteStore {
  constructor(private readonly db: Db) {}

  insert(invite: Omit<InviteRecord, "uses" | "revokedAt">): void {
    this.db
      .prepare(
        `INSERT INTO invites (id, secret_hash, name, scope, expires_at, hours, max_uses, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        invite.id,
        invite.secretHash,
        invite.name,
        JSON.stringify(invite.scope),
        invite.expiresAt,
        invite.hours === null ? null : JSON.stringify(invite.hours),
        invite.maxUses,
        invite.createdAt,
        invite.createdBy,
      );
  }

  byId(id: string): InviteRecord | null {
    const row = this.db.prepare<[string], Row>("SELECT * FROM invites WHERE id = ?").get(id);
    return row ? fromRow(row) : null;
  }

  bySecretHash(hash: string): InviteRecord | null {
    const row = this.db.prepare<[string], Row>("SELECT * FROM invites WHERE secret_hash = ?").get(hash);
    return row ? fromRow(row) : null;
  }

  /** Newest first. */
  all(): InviteRecord[] {
    return this.db.prepare<[], Row>("SELECT * FROM invites ORDER BY created_at DESC, id").all().map(fromRow);
  }

  countActive(now: number): number {
    const row = this.db
      .prepare<[number], { n: number }>(
        "SELECT COUNT(*) AS n FROM invites WHERE revoked_at IS NULL AND expires_at > ? AND uses < max_uses",
      )
      .get(now);
    return row?.n ?? 0;
  }

  /** Takes one use if one is left; false when another request took the last one first. */
  takeUse(id: string, now: number): boolean {
    return (
      this.db
        .prepare(
          "UPDATE invites SET uses = uses + 1 WHERE id = ? AND uses < max_uses AND revoked_at IS NULL AND expires_at > ?",
        )
        .run(id, now).changes === 1
    );
  }

  revoke(id: string, now: number): boolean {
    return (
      this.db.prepare("UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now, id)
        .changes === 1
    );
  }

  /** Forgets links that ended (expired or revoked) before `before`; their devices keep running to their own end. */
  purgeEnded(before: number): number {
    return this.db
      .prepare("DELETE FROM invites WHERE expires_at <= ? OR (revoked_at IS NOT NULL AND revoked_at <= ?)")
      .run(before, before).changes;
  }

  transaction<T>(run: () => T): T {
    return this.db.transaction(run)();
  }
}
