import { DEFAULT_INTERFACE_SETTINGS, type InterfaceSettings, InterfaceSettingsSchema } from "hasync";
import { AdminSetting } from "../db/admin-setting.js";
import type { Db } from "../db/database.js";

/** Which interface devices get (`admin_settings` key `interface`), read on every page load. */
export class InterfaceSettingsStore extends AdminSetting<InterfaceSettings> {
  constructor(db: Db) {
    super(db, "interface", InterfaceSettingsSchema, DEFAULT_INTERFACE_SETTINGS);
  }
}
