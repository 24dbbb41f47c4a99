import type { Command } from "./commands.js";
import { HaError } from "./errors.js";
import type { HomeStore } from "./store.js";
import type { SimEntityEntry } from "./types.js";

/**
 * `config/entity_registry/get` and `get_entries` as homeassistant/components/config/entity_registry.py
 * answers them: the entry's `extended_dict` (helpers/entity_registry.py), which adds aliases,
 * capabilities and the device classes to the partial dict `list` sends. The demo home keeps no
 * aliases or user device classes; capabilities and the original device class come from the
 * entity's state, as an integration's entity would report them.
 */
const CAPABILITY_ATTRIBUTES = [
  "supported_color_modes",
  "min_color_temp_kelvin",
  "max_color_temp_kelvin",
  "state_class",
  "hvac_modes",
  "min_temp",
  "max_temp",
  "options",
  "source_list",
];

function capabilities(attributes: Record<string, unknown>): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const key of CAPABILITY_ATTRIBUTES) if (attributes[key] !== undefined) out[key] = attributes[key];
  return Object.keys(out).length > 0 ? out : null;
}

export function extendedEntry(store: HomeStore, entry: SimEntityEntry): Record<string, unknown> {
  const attributes = store.getState(entry.entity_id)?.wire.attributes ?? {};
  const deviceClass = attributes.device_class;
  return {
    ...entry,
    aliases: [],
    capabilities: capabilities(attributes),
    device_class: null,
    original_device_class: typeof deviceClass === "string" ? deviceClass : null,
    original_icon: null,
  };
}

/** `cv.entity_ids`: a list, or one comma-separated string; lower-cased. */
function entityIds(value: unknown): string[] {
  const list = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : [];
  return list.map((id) => String(id).trim().toLowerCase());
}

export const REGISTRY_COMMANDS: Record<string, Command> = {
  "config/entity_registry/get": {
    schema: { required: { entity_id: "string" } },
    handle(conn, id, msg) {
      const entry = conn.host.store.entry(String(msg.entity_id).toLowerCase());
      if (!entry) throw new HaError("not_found", "Entity not found");
      conn.result(id, extendedEntry(conn.host.store, entry));
    },
  },
  "config/entity_registry/get_entries": {
    schema: { required: { entity_ids: "any" } },
    handle(conn, id, msg) {
      const store = conn.host.store;
      const out: Record<string, unknown> = {};
      for (const entityId of entityIds(msg.entity_ids)) {
        const entry = store.entry(entityId);
        out[entityId] = entry ? extendedEntry(store, entry) : null;
      }
      conn.result(id, out);
    },
  },
};
