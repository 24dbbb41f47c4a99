import { DEFAULT_INTERFACE_SETTINGS, type InterfaceSettings, InterfaceSettingsSchema } from "hasync";
import type { Db } from "../db/database.js";

/** The `admin_settings` key (migration 8) holding which interface devices get, as JSON. */
const KEY = "interface";

/**
 * The admin's interface choice, kept with the data and read on every page load so a change
 * applies to the next one. A stored value that no longer parses reads as the default.
 */
export class InterfaceSettingsStore {
  private readonly read;
  private readonly write;

  constructor(db: Db) {
    this.read = db.prepare<[string], { value: string }>("SELECT value FROM admin_settings WHERE key = ?");
    this.write = db.prepare<[string, string]>(
      "INSERT INTO admin_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
  }

  get(): InterfaceSettings {
    const row = this.read.get(KEY);
    if (row === undefined) return { ...DEFAULT_INTERFACE_SETTINGS };
    let stored: unknown;
    try {
      stored = JSON.parse(row.value);
    } catch {
      return { ...DEFAULT_INTERFACE_SETTINGS };
    }
    const parsed = InterfaceSettingsSchema.safeParse(stored);
    return parsed.success ? parsed.data : { ...DEFAULT_INTERFACE_SETTINGS };
  }

  set(settings: InterfaceSettings): void {
    this.write.run(KEY, JSON.stringify(settings));
  }
}
