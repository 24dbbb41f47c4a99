import type { AuditEntry, AuditPage, AuditQuery, AuditType } from "hasync";
import type { Db } from "../db/database.js";

export interface AuditRecord {
  actor?: string | null;
  ip?: string | null;
  /** Never secrets: no passwords, tokens, device codes or user codes. */
  detail?: Record<string, unknown>;
}

interface Row {
  id: number;
  at: number;
  type: string;
  actor: string | null;
  ip: string | null;
  detail: string;
}

const toEntry = (row: Row): AuditEntry => ({
  id: row.id,
  at: new Date(row.at).toISOString(),
  type: row.type,
  actor: row.actor,
  ip: row.ip,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
});

/** Who did what, from where, when. Listeners (the admin push channel) see each entry as written. */
export class AuditLog {
  private readonly listeners = new Set<(entry: AuditEntry) => void>();
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare<[number, string, string | null, string | null, string], Row>(
      "INSERT INTO audit_log (at, type, actor, ip, detail) VALUES (?, ?, ?, ?, ?) RETURNING *",
    );
  }

  record(type: AuditType, { actor = null, ip = null, detail = {} }: AuditRecord = {}): AuditEntry {
    const row = this.insert.get(this.now(), type, actor, ip, JSON.stringify(detail));
    if (!row) throw new Error("audit insert returned nothing");
    const entry = toEntry(row);
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Newest first; `type` is a full type or a group prefix such as `auth`. */
  list(query: AuditQuery): AuditPage {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.type !== undefined) {
      if (query.type.includes(".")) {
        where.push("type = ?");
        params.push(query.type);
      } else {
        where.push("type LIKE ? ESCAPE '\\'");
        params.push(`${query.type.replace(/_/g, "\\_")}.%`);
      }
    }
    if (query.since !== undefined) {
      where.push("at >= ?");
      params.push(Date.parse(query.since));
    }
    if (query.before !== undefined) {
      where.push("id < ?");
      params.push(query.before);
    }
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare<(string | number)[], Row>(sql).all(...params, query.limit + 1);
    const page = rows.slice(0, query.limit).map(toEntry);
    const last = page[page.length - 1];
    return { entries: page, next_before: rows.length > query.limit && last ? last.id : null };
  }

  /**
   * Keeps the newest `keep` entries. A device hammering refused calls writes an entry per call, so
   * without a cap the log (and the backed-up database) would grow without bound.
   */
  prune(keep: number): number {
    return this.db
      .prepare(
        "DELETE FROM audit_log WHERE id <= (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET ?)",
      )
      .run(keep).changes;
  }

  onEntry(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
