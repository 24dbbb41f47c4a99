/**
 * HA WebSocket commands a device is refused, answered `unauthorized` "Unauthorized" — HA's own
 * words for a user without the permission (`websocket_api/decorators.py require_admin`,
 * `exceptions.Unauthorized`) — rather than `unknown_command`, so a client knows the command exists
 * but is not for it. A command some room answers is never looked up here (`COMMANDS` comes first).
 * Each row: the command, and the HA core file that decides it.
 */
export const REFUSED_COMMANDS: ReadonlyMap<string, string> = new Map([
  // Admin-only in HA: HA answers a non-admin exactly this, and a device never is HA's admin
  // ("present as an administrator" changes what a device is told, never what it may do).
  ["fire_event", "websocket_api/commands.py handle_fire_event"],
  ["execute_script", "websocket_api/commands.py handle_execute_script"],
  ["subscribe_trigger", "websocket_api/commands.py handle_subscribe_trigger"],
  ["test_condition", "websocket_api/commands.py handle_test_condition"],
  ["integration/descriptions", "websocket_api/commands.py handle_integration_descriptions"],
  ["config/core/update", "config/core.py websocket_update_config"],
  ["config/core/detect", "config/core.py websocket_detect_config"],
  ["config/auth/list", "config/auth.py websocket_list"],
  ["config/auth/create", "config/auth.py websocket_create"],
  ["config/auth/update", "config/auth.py websocket_update"],
  ["config/auth/delete", "config/auth.py websocket_delete"],
  ["config_entries/flow/progress", "config/config_entries.py config_entries_flow_progress"],
  ["config_entries/flow/subscribe", "config/config_entries.py config_entries_flow_subscribe"],
  ["config_entries/update", "config/config_entries.py config_entry_update"],
  ["config_entries/disable", "config/config_entries.py config_entry_disable"],
  ["config_entries/ignore_flow", "config/config_entries.py ignore_config_flow"],
  ["config_entries/get_single", "config/config_entries.py config_entry_get_single"],
  ["config_entries/subentries/list", "config/config_entries.py config_subentry_list"],
  ["config_entries/subentries/delete", "config/config_entries.py config_subentry_delete"],
  ["config/area_registry/create", "config/area_registry.py websocket_create_area"],
  ["config/area_registry/update", "config/area_registry.py websocket_update_area"],
  ["config/area_registry/delete", "config/area_registry.py websocket_delete_area"],
  ["config/device_registry/update", "config/device_registry.py websocket_update_device"],
  ["config/entity_registry/update", "config/entity_registry.py websocket_update_entity"],
  ["config/entity_registry/remove", "config/entity_registry.py websocket_remove_entity"],
  ["config/floor_registry/create", "config/floor_registry.py websocket_create_floor"],
  ["config/floor_registry/update", "config/floor_registry.py websocket_update_floor"],
  ["config/floor_registry/delete", "config/floor_registry.py websocket_delete_floor"],
  ["config/label_registry/create", "config/label_registry.py websocket_create_label"],
  ["config/label_registry/update", "config/label_registry.py websocket_update_label"],
  ["config/label_registry/delete", "config/label_registry.py websocket_delete_label"],
  // Editing HA's dashboards and their resources (lovelace/websocket.py, helpers/collection.py
  // StorageCollectionWebsocket: create, update and delete are require_admin; lists are not).
  ["lovelace/config/save", "lovelace/websocket.py websocket_lovelace_save_config"],
  ["lovelace/config/delete", "lovelace/websocket.py websocket_lovelace_delete_config"],
  ...(["dashboards", "resources"] as const).flatMap((kind) =>
    (["create", "update", "delete"] as const).map(
      (verb) => [`lovelace/${kind}/${verb}`, "helpers/collection.py StorageCollectionWebsocket"] as const,
    ),
  ),
  ["labs/list", "labs/websocket_api.py websocket_list_preview_features"],
  ["labs/update", "labs/websocket_api.py websocket_update_preview_feature"],
  // Every backup command is require_admin (backup/websocket.py).
  ["backup/info", "backup/websocket.py handle_info"],
  ["backup/details", "backup/websocket.py handle_details"],
  ["backup/config/info", "backup/websocket.py handle_config_info"],
  ["backup/agents/info", "backup/websocket.py backup_agents_info"],
  ["backup/subscribe_events", "backup/websocket.py handle_subscribe_events"],
  // Open to any HA user, refused by HAsync: the answer is computed over the whole house.
  // render_template (open to any user; templates read every state) is lovelace/templates.ts's:
  // it renders only templates that name the given variables, and refuses the rest this way.
  // Validating triggers and actions resolves devices and entities anywhere in the house.
  ["validate_config", "websocket_api/commands.py handle_validate_config"],
  // Every integration's setup time: the whole installation.
  ["integration/setup_info", "websocket_api/commands.py handle_integration_setup_info"],
  // Config entries name every integration and account (titles are often e-mail addresses or IPs).
  ["config_entries/get", "config/config_entries.py config_entries_get"],
  ["config_entries/subscribe", "config/config_entries.py config_entries_subscribe"],
  // Related automations, scripts, scenes, config entries and areas, across the house.
  ["search/related", "search/__init__.py websocket_search_related"],
]);
