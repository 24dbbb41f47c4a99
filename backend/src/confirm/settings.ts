import { type ConfirmSettings, ConfirmSettingsSchema, DEFAULT_CONFIRM_SETTINGS } from "hasync";
import { AdminSetting } from "../db/admin-setting.js";
import type { Db } from "../db/database.js";

/** Where held calls are announced and how long they wait (`admin_settings` key `confirm`). */
export class ConfirmSettingsStore extends AdminSetting<ConfirmSettings> {
  constructor(db: Db) {
    super(db, "confirm", ConfirmSettingsSchema, DEFAULT_CONFIRM_SETTINGS);
  }
}
