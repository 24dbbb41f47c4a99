import { type ConfirmSettings, ConfirmSettingsSchema, DEFAULT_CONFIRM_SETTINGS } from "hasync";
import type { Db } from "../db/database.js";

/** The `admin_settings` key (migration 8) holding the confirm settings as JSON. */
const KEY = "confirm";

/**
 * Where held calls are announced and how long they wait, kept with the data (migration 8's
 * `admin_settings`), read on every held call so a change applies to the next one. A stored value
 * that no longer parses (hand-edited, or from a newer version) reads as the defaults.
 */
export class ConfirmSettingsStore {
  private readonly read;
  private readonly write;

  constructor(db: Db) {
    this.read = db.prepare<[string], { value: string }>("SELECT value FROM admin_settings WHERE key = ?");
    this.write = db.prepare<[string, string]>(
      "INSERT INTO admin_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
  }

  get(): ConfirmSettings {
    const row = this.read.get(KEY);
    if (row === undefined) return { ...DEFAULT_CONFIRM_SETTINGS };
    let stored: unknown;
    try {
      stored = JSON.parse(row.value);
    } catch {
      return { ...DEFAULT_CONFIRM_SETTINGS };
    }
    const parsed = ConfirmSettingsSchema.safeParse(stored);
    return parsed.success ? parsed.data : { ...DEFAULT_CONFIRM_SETTINGS };
  }

  set(settings: ConfirmSettings): void {
    this.write.run(KEY, JSON.stringify(settings));
  }
}
