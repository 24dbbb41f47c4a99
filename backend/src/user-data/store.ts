import type { Db } from "../db/database.js";

interface Row {
  key: string;
  value: string;
}

/** SQLite access for per-device user data; the service above it checks the bounds. */
export class UserDataStore {
  constructor(private readonly db: Db) {}

  /** Every key of the device with its parsed value. */
  all(deviceId: string): Record<string, unknown> {
    const rows = this.db
      .prepare<[string], Row>("SELECT key, value FROM user_data WHERE device_id = ? ORDER BY key")
      .all(deviceId);
    const out: Record<string, unknown> = {};
    for (const row of rows) out[row.key] = JSON.parse(row.value);
    return out;
  }

  /** The parsed value, or undefined when the key was never set. */
  get(deviceId: string, key: string): unknown {
    const row = this.db
      .prepare<[string, string], Row>("SELECT key, value FROM user_data WHERE device_id = ? AND key = ?")
      .get(deviceId, key);
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  /** Keys and bytes the device holds, leaving `exceptKey` out (the one about to be replaced). */
  usage(deviceId: string, exceptKey: string): { keys: number; bytes: number } {
    const row = this.db
      .prepare<[string, string], { keys: number; bytes: number | null }>(
        "SELECT COUNT(*) AS keys, SUM(bytes) AS bytes FROM user_data WHERE device_id = ? AND key <> ?",
      )
      .get(deviceId, exceptKey);
    return { keys: row?.keys ?? 0, bytes: row?.bytes ?? 0 };
  }

  put(deviceId: string, key: string, json: string, bytes: number): void {
    this.db
      .prepare(
        `INSERT INTO user_data (device_id, key, value, bytes) VALUES (?, ?, ?, ?)
         ON CONFLICT (device_id, key) DO UPDATE SET value = excluded.value, bytes = excluded.bytes`,
      )
      .run(deviceId, key, json, bytes);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
