import {
  DeviceDashboardsSchema,
  type DeviceType,
  type PassHours,
  PassHoursSchema,
  type Scope,
  ScopeSchema,
  type ServiceRate,
  ServiceRateSchema,
} from "hasync";
import type { Db } from "../db/database.js";
import type { DeviceRecord } from "./types.js";

interface Row {
  id: string;
  name: string;
  type: DeviceType;
  model: string | null;
  token_hash: string | null;
  scope: string;
  created_at: number;
  expires_at: number | null;
  last_seen_at: number | null;
  last_ip: string | null;
  presents_as_admin: number;
  hours: string | null;
  invite_id: string | null;
  rate: string | null;
  dashboards: string;
  client_id: string | null;
}

/** What an admin may change on a paired device; absent fields stay as they are. */
export interface DeviceChanges {
  name?: string;
  scope?: Scope;
  expiresAt?: number | null;
  presentsAsAdmin?: boolean;
  hours?: PassHours | null;
  rate?: ServiceRate | null;
  dashboards?: readonly string[];
}

export interface StoredDevice extends DeviceRecord {
  tokenHash: string | null;
  lastSeenAt: number | null;
  lastIp: string | null;
}

const fromRow = (row: Row): StoredDevice => ({
  id: row.id,
  name: row.name,
  type: row.type,
  model: row.model,
  scope: ScopeSchema.parse(JSON.parse(row.scope)),
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  tokenHash: row.token_hash,
  lastSeenAt: row.last_seen_at,
  lastIp: row.last_ip,
  presentsAsAdmin: row.presents_as_admin === 1,
  hours: row.hours === null ? null : PassHoursSchema.parse(JSON.parse(row.hours)),
  inviteId: row.invite_id,
  rate: row.rate === null ? null : ServiceRateSchema.parse(JSON.parse(row.rate)),
  dashboards: DeviceDashboardsSchema.parse(JSON.parse(row.dashboards)),
  clientId: row.client_id,
});

/** SQLite access for devices; the service above it keeps the hot copy in memory. */
export class DeviceStore {
  constructor(private readonly db: Db) {}

  all(): StoredDevice[] {
    return this.db.prepare<[], Row>("SELECT * FROM devices ORDER BY created_at").all().map(fromRow);
  }

  insert(device: DeviceRecord): void {
    this.db
      .prepare(
        `INSERT INTO devices (id, name, type, model, scope, created_at, expires_at, presents_as_admin, hours, invite_id, rate, dashboards, client_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        device.id,
        device.name,
        device.type,
        device.model,
        JSON.stringify(device.scope),
        device.createdAt,
        device.expiresAt,
        device.presentsAsAdmin ? 1 : 0,
        device.hours === null ? null : JSON.stringify(device.hours),
        device.inviteId,
        device.rate === null ? null : JSON.stringify(device.rate),
        JSON.stringify(device.dashboards),
        device.clientId,
      );
  }

  /** Sets the token hash once; false when the device is gone or already has a token. */
  setTokenHash(id: string, tokenHash: string): boolean {
    return (
      this.db
        .prepare("UPDATE devices SET token_hash = ? WHERE id = ? AND token_hash IS NULL")
        .run(tokenHash, id).changes === 1
    );
  }

  update(id: string, fields: DeviceChanges): void {
    if (fields.name !== undefined)
      this.db.prepare("UPDATE devices SET name = ? WHERE id = ?").run(fields.name, id);
    if (fields.scope !== undefined) {
      this.db.prepare("UPDATE devices SET scope = ? WHERE id = ?").run(JSON.stringify(fields.scope), id);
    }
    if (fields.expiresAt !== undefined) {
      this.db.prepare("UPDATE devices SET expires_at = ? WHERE id = ?").run(fields.expiresAt, id);
    }
    if (fields.hours !== undefined) {
      const hours = fields.hours === null ? null : JSON.stringify(fields.hours);
      this.db.prepare("UPDATE devices SET hours = ? WHERE id = ?").run(hours, id);
    }
    if (fields.rate !== undefined) {
      const rate = fields.rate === null ? null : JSON.stringify(fields.rate);
      this.db.prepare("UPDATE devices SET rate = ? WHERE id = ?").run(rate, id);
    }
    if (fields.dashboards !== undefined) {
      this.db
        .prepare("UPDATE devices SET dashboards = ? WHERE id = ?")
        .run(JSON.stringify(fields.dashboards), id);
    }
    if (fields.presentsAsAdmin !== undefined) {
      this.db
        .prepare("UPDATE devices SET presents_as_admin = ? WHERE id = ?")
        .run(fields.presentsAsAdmin ? 1 : 0, id);
    }
  }

  recordSeen(entries: Iterable<[string, { at: number; ip: string }]>): void {
    const stmt = this.db.prepare("UPDATE devices SET last_seen_at = ?, last_ip = ? WHERE id = ?");
    this.db.transaction(() => {
      for (const [id, seen] of entries) stmt.run(seen.at, seen.ip, id);
    })();
  }

  delete(id: string): boolean {
    return this.db.prepare("DELETE FROM devices WHERE id = ?").run(id).changes === 1;
  }
}
