import type { z } from "zod";
import type { Db } from "./database.js";

/**
 * One admin setting kept with the data in `admin_settings` (migration 8) as JSON, read on every
 * use so a change applies to the next one. A stored value that no longer parses (hand-edited, or
 * from a newer version) reads as the defaults.
 */
export class AdminSetting<T> {
  private readonly read;
  private readonly write;

  constructor(
    db: Db,
    private readonly key: string,
    private readonly schema: z.ZodType<T>,
    private readonly defaults: T,
  ) {
    this.read = db.prepare<[string], { value: string }>("SELECT value FROM admin_settings WHERE key = ?");
    this.write = db.prepare<[string, string]>(
      "INSERT INTO admin_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
  }

  get(): T {
    const row = this.read.get(this.key);
    if (row === undefined) return { ...this.defaults };
    let stored: unknown;
    try {
      stored = JSON.parse(row.value);
    } catch {
      return { ...this.defaults };
    }
    const parsed = this.schema.safeParse(stored);
    return parsed.success ? parsed.data : { ...this.defaults };
  }

  set(value: T): void {
    this.write.run(this.key, JSON.stringify(value));
  }
}
