/**
 * Home Assistant's wire shapes as the demo server sends them (HA core `State.as_dict()` and the
 * registry `as_partial_dict` / `json_repr` outputs). Kept here, not imported from `../ha`, so the
 * fake HA stays independent of the client that mirrors it.
 */

export interface SimContext {
  id: string;
  parent_id: string | null;
  user_id: string | null;
}

export interface SimState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
  last_reported: string;
  context: SimContext;
}

export interface SimFloor {
  floor_id: string;
  name: string;
  level: number | null;
  icon: string | null;
  aliases: string[];
  created_at: number;
  modified_at: number;
}

export interface SimArea {
  area_id: string;
  name: string;
  floor_id: string | null;
  icon: string | null;
  picture: string | null;
  aliases: string[];
  labels: string[];
  humidity_entity_id: string | null;
  temperature_entity_id: string | null;
  created_at: number;
  modified_at: number;
}

export interface SimLabel {
  label_id: string;
  name: string;
  color: string | null;
  icon: string | null;
  description: string | null;
  created_at: number;
  modified_at: number;
}

export interface SimDevice {
  id: string;
  area_id: string | null;
  name: string;
  name_by_user: string | null;
  manufacturer: string | null;
  model: string | null;
  model_id: string | null;
  sw_version: string | null;
  hw_version: string | null;
  serial_number: string | null;
  configuration_url: string | null;
  config_entries: string[];
  config_entries_subentries: Record<string, Array<string | null>>;
  connections: Array<[string, string]>;
  identifiers: Array<[string, string]>;
  disabled_by: string | null;
  entry_type: string | null;
  labels: string[];
  primary_config_entry: string | null;
  via_device_id: string | null;
  created_at: number;
  modified_at: number;
}

export interface SimEntityEntry {
  id: string;
  entity_id: string;
  unique_id: string;
  platform: string;
  device_id: string | null;
  area_id: string | null;
  config_entry_id: string | null;
  config_subentry_id: string | null;
  name: string | null;
  original_name: string | null;
  icon: string | null;
  entity_category: "config" | "diagnostic" | null;
  disabled_by: string | null;
  hidden_by: string | null;
  has_entity_name: boolean;
  translation_key: string | null;
  labels: string[];
  categories: Record<string, string>;
  options: Record<string, unknown>;
  created_at: number;
  modified_at: number;
}

/** A bus event as HA serialises it inside `{"type":"event","event":...}`. */
export interface SimEvent {
  event_type: string;
  data: Record<string, unknown>;
  origin: "LOCAL";
  time_fired: string;
  context: SimContext;
}
