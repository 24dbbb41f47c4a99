import type { AuditEntry, AuditPage, AuditQuery, AuditType } from "hasync";
import type { Db } from "../db/database.js";
import { clipDetail, clipNullable, clipText, MAX_ACTOR_CHARS, MAX_IP_CHARS } from "./clip.js";
import { DEFAULT_REPEAT_LIMITS, type OpenRepeat, RepeatFolder, type RepeatLimits } from "./repeats.js";
import { NOISE_KEEP, pruneAudit } from "./retention.js";

export interface AuditRecord {
  actor?: string | null;
  ip?: string | null;
  /** Never secrets: no passwords, tokens, device codes or user codes. */
  detail?: Record<string, unknown>;
}

/** An event that may repeat: `key` says which repetitions are the same event. */
export interface RepeatedRecord extends AuditRecord {
  key: string;
  actor: string;
  /** The detail of the one entry that counts an actor's surplus of different events. */
  overflowDetail: Record<string, unknown>;
}

interface Row {
  id: number;
  at: number;
  type: string;
  actor: string | null;
  ip: string | null;
  detail: string;
  count: number;
  last_at: number | null;
}

const toEntry = (row: Row): AuditEntry => {
  const entry: AuditEntry = {
    id: row.id,
    at: new Date(row.at).toISOString(),
    type: row.type,
    actor: row.actor,
    ip: row.ip,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
  if (row.count > 1) {
    entry.count = row.count;
    entry.last_at = new Date(row.last_at ?? row.at).toISOString();
  }
  return entry;
};

/** How often folded repetitions are written back (and pushed to admin pages). */
const WRITE_REPEATS_MS = 1000;

/** Who did what, from where, when. Listeners (the admin push channel) see each entry as written. */
export class AuditLog {
  private readonly listeners = new Set<(entry: AuditEntry) => void>();
  private readonly repeats: RepeatFolder;
  private readonly insert;
  private readonly updateCount;
  private readonly byId;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    repeatLimits: RepeatLimits = DEFAULT_REPEAT_LIMITS,
  ) {
    this.repeats = new RepeatFolder(repeatLimits);
    // No `RETURNING`: run to completion, so SQLite's automatic checkpoint keeps the WAL small
    // (see openDatabase).
    this.insert = db.prepare<[number, string, string | null, string | null, string]>(
      "INSERT INTO audit_log (at, type, actor, ip, detail) VALUES (?, ?, ?, ?, ?)",
    );
    this.updateCount = db.prepare<[number, number, number]>(
      "UPDATE audit_log SET count = ?, last_at = ? WHERE id = ?",
    );
    this.byId = db.prepare<[number], Row>("SELECT * FROM audit_log WHERE id = ?");
  }

  /** Writes folded repetitions back every second, so admin pages see counts grow live. */
  start(): void {
    this.timer = setInterval(() => this.flush(), WRITE_REPEATS_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.db.open) this.flush();
  }

  record(type: AuditType, { actor = null, ip = null, detail = {} }: AuditRecord = {}): AuditEntry {
    const at = this.now();
    const stored = {
      actor: clipNullable(actor, MAX_ACTOR_CHARS),
      ip: clipNullable(ip, MAX_IP_CHARS),
      detail: clipDetail(detail),
    };
    const { lastInsertRowid } = this.insert.run(at, type, stored.actor, stored.ip, stored.detail);
    const entry = toEntry({ id: Number(lastInsertRowid), at, type, ...stored, count: 1, last_at: null });
    this.emit(entry);
    return entry;
  }

  /**
   * Records an event a device can repeat at will (a refused call): repetitions within a window
   * fold into one entry with a count, and one actor gets a bounded number of entries per window.
   */
  recordRepeated(type: AuditType, record: RepeatedRecord): void {
    const now = this.now();
    const actor = clipText(record.actor, MAX_ACTOR_CHARS);
    let fold = this.repeats.fold(record.key, actor, now);
    if (fold.kind === "new") {
      // Close what has expired first: that may free the actor's room for this key.
      this.flush();
      fold = this.repeats.fold(record.key, actor, now);
    }
    if (fold.kind === "counted") return;
    const detail = fold.overflow ? record.overflowDetail : (record.detail ?? {});
    const entry = this.record(type, { actor, ip: record.ip ?? null, detail });
    this.writeCounts(this.repeats.add(fold.key, actor, entry.id, now));
  }

  /** Writes folded counts back and tells listeners; forgets entries whose window has passed. */
  flush(): void {
    this.writeCounts(this.repeats.unwritten());
    this.repeats.sweep(this.now());
  }

  /** Newest first; `type` is a full type or a group prefix such as `auth`. */
  list(query: AuditQuery): AuditPage {
    this.flush();
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
   * Keeps the newest `securityKeep` entries of sign-ins, approvals and device changes, and apart
   * from them the newest `noiseKeep` of each type others cause at will (refused calls, pairing
   * requests), so the log (and the backed-up database) stays bounded and noise never erases the
   * security history.
   */
  prune(securityKeep: number, noiseKeep = NOISE_KEEP): number {
    this.flush();
    return pruneAudit(this.db, securityKeep, noiseKeep);
  }

  onEntry(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private writeCounts(repeats: readonly OpenRepeat[]): void {
    const pending = repeats.filter((r) => r.count !== r.written);
    if (pending.length === 0) return;
    const rows = this.db.transaction(() =>
      pending.flatMap((repeat) => {
        repeat.written = repeat.count;
        const row = this.updateCount.run(repeat.count, repeat.lastAt, repeat.id).changes
          ? this.byId.get(repeat.id)
          : undefined;
        // Pruned meanwhile: nothing left to count into.
        if (!row) this.repeats.forget(repeat.id);
        return row ? [row] : [];
      }),
    )();
    for (const row of rows) this.emit(toEntry(row));
  }

  private emit(entry: AuditEntry): void {
    for (const listener of this.listeners) listener(entry);
  }
}
