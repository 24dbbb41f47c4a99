/**
 * homeassistant/auth/permissions/events.py `SUBSCRIBE_ALLOWLIST`: the event types HA lets a
 * non-admin user subscribe to ("events that do not contain any sensitive data", state_changed
 * filtered per entity). websocket_api/commands.py `handle_subscribe_events` refuses any other
 * type, and all events, with `unauthorized` unless the user is an admin.
 */
export const SUBSCRIBE_ALLOWLIST: ReadonlySet<string> = new Set([
  "area_registry_updated",
  "component_loaded",
  "core_config_updated",
  "device_registry_updated",
  "entity_registry_updated",
  "repairs_issue_registry_updated",
  "lovelace_updated",
  "panels_updated",
  "recorder_5min_statistics_generated",
  "recorder_hourly_statistics_generated",
  "service_registered",
  "service_removed",
  "shopping_list_updated",
  "state_changed",
  "themes_updated",
  "label_registry_updated",
  "category_registry_updated",
  "floor_registry_updated",
]);

/**
 * The types HAsync makes from the device's own view of HA (events-ws/device-view.ts), each
 * provably about its scope: registry entries it can see entering, leaving or changing, services
 * it may call, its cut config, the dashboards the admin allows it (panels_updated and
 * lovelace_updated when that list changes; HA's own lovelace_updated for an allowed dashboard is
 * forwarded too, lovelace/updates.ts).
 */
export const SYNTHESISED: ReadonlySet<string> = new Set([
  "area_registry_updated",
  "device_registry_updated",
  "entity_registry_updated",
  "floor_registry_updated",
  "label_registry_updated",
  "service_registered",
  "service_removed",
  "core_config_updated",
  "component_loaded",
  "panels_updated",
  "lovelace_updated",
]);

/**
 * Allowlisted, accepted, never delivered: none can be shown to concern the scope.
 * - category_registry_updated: categories file automations, scripts and helpers on the admin's
 *   pages; entries reach devices with `categories` emptied, so no category is the device's.
 * - repairs_issue_registry_updated: repair issues are about integrations and HA itself.
 * - themes_updated: frontend/get_themes passes HA's themes on, but the mirror does not follow
 *   theme changes; a device reads the themes again when it reconnects.
 * - shopping_list_updated: names the shopping list's items; the list is an entity (todo.*) whose
 *   own state_changed reaches a device that has it in scope, while this event does not say
 *   which list it is about.
 * - recorder_*_statistics_generated: the mirror does not carry them (HAsync would need a socket
 *   at HA per subscriber); a client re-reads statistics when it asks for them.
 */
export const SILENT: ReadonlySet<string> = new Set(
  [...SUBSCRIBE_ALLOWLIST].filter((type) => type !== "state_changed" && !SYNTHESISED.has(type)),
);

/** HA's MATCH_ALL: no event_type, or `*`, means every event. */
export const MATCH_ALL = "*";
