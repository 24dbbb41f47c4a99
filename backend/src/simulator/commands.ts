import { compressState, stateJson } from "./compressed.js";
import type { ClientConnection } from "./connection.js";
import { ENTITY_FEED_COMMANDS } from "./entity-feeds.js";
import { HaError } from "./errors.js";
import { INSTALLATION_COMMANDS } from "./installation-commands.js";
import { INTERFACE_READ_COMMANDS } from "./interface-reads.js";
import { LOVELACE_COMMANDS } from "./lovelace.js";
import { RECORDER_COMMANDS } from "./recorder-commands.js";
import { REGISTRY_COMMANDS } from "./registry-commands.js";
import type { ServiceCallRequest } from "./services.js";
import { DEMO_USER_ID } from "./store.js";
import type { SimEntityEntry } from "./types.js";
import { USER_DATA_COMMANDS } from "./user-data.js";
import type { CommandSchema } from "./validate.js";

/**
 * HA's websocket commands (websocket_api/commands.py and the config/* registry commands) as a
 * table: each has the schema HA validates it with and a handler that answers on the connection.
 */
export interface Command {
  schema: CommandSchema;
  handle(conn: ClientConnection, id: number, msg: Record<string, unknown>): void;
}

const ENTITY_CATEGORIES = ["config", "diagnostic"];

function subscribeEntities(conn: ClientConnection, id: number, msg: Record<string, unknown>): void {
  const wanted = Array.isArray(msg.entity_ids) ? new Set(msg.entity_ids as string[]) : null;
  conn.subscribe(id, { kind: "entities", ids: wanted });
  conn.result(id, null);
  const store = conn.host.store;
  const parts: string[] = [];
  const states = wanted ? [...wanted].map((e) => store.getState(e)) : store.allStates();
  for (const s of states)
    if (s) parts.push(`${JSON.stringify(s.wire.entity_id)}:${JSON.stringify(compressState(s))}`);
  conn.event(id, `{"a":{${parts.join(",")}}}`);
}

function callService(conn: ClientConnection, id: number, msg: Record<string, unknown>): void {
  const request = msg as unknown as ServiceCallRequest;
  conn.host.recordCall({
    domain: request.domain,
    service: request.service,
    service_data: request.service_data ?? {},
    ...(request.target !== undefined ? { target: request.target } : {}),
  });
  try {
    const outcome = conn.host.services.call(request, DEMO_USER_ID);
    conn.result(
      id,
      request.return_response
        ? { context: outcome.context, response: outcome.response }
        : { context: outcome.context },
    );
  } catch (error) {
    // websocket_api/commands.py handle_call_service prefixes validation errors this way.
    if (error instanceof HaError && error.code === "service_validation_error") {
      throw new HaError(error.code, `Validation error: ${error.message}`);
    }
    throw error;
  }
}

/** `config/entity_registry/list_for_display`: HA's compact keys, only where a value is set. */
function displayEntry(e: SimEntityEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { ei: e.entity_id, pl: e.platform, lb: e.labels };
  if (e.area_id !== null) out.ai = e.area_id;
  if (e.device_id !== null) out.di = e.device_id;
  if (e.icon !== null) out.ic = e.icon;
  if (e.translation_key !== null) out.tk = e.translation_key;
  if (e.entity_category !== null) out.ec = ENTITY_CATEGORIES.indexOf(e.entity_category);
  if (e.hidden_by !== null) out.hb = true;
  if (e.has_entity_name) out.hn = true;
  const name = e.name ?? e.original_name;
  if (name !== null) out.en = name;
  return out;
}

const list = (read: (conn: ClientConnection) => unknown): Command => ({
  schema: {},
  handle: (conn, id) => conn.result(id, read(conn)),
});

export const COMMANDS: Record<string, Command> = {
  ...USER_DATA_COMMANDS,
  ...RECORDER_COMMANDS,
  supported_features: {
    schema: { required: { features: "object" } },
    handle(conn, id, msg) {
      conn.enableCoalescing(Boolean((msg.features as Record<string, unknown>).coalesce_messages));
      conn.result(id, null);
    },
  },
  ping: { schema: {}, handle: (conn, id) => conn.pong(id) },
  "auth/current_user": list(() => ({
    id: DEMO_USER_ID,
    name: "Demo Owner",
    is_owner: true,
    is_admin: true,
    credentials: [],
    mfa_modules: [],
  })),
  get_states: {
    schema: {},
    handle(conn, id) {
      const parts: string[] = [];
      for (const s of conn.host.store.allStates()) parts.push(stateJson(s));
      conn.resultJson(id, `[${parts.join(",")}]`);
    },
  },
  get_config: list((conn) => conn.host.config()),
  get_services: { schema: {}, handle: (conn, id) => conn.resultJson(id, conn.host.servicesJson()) },
  subscribe_events: {
    schema: { optional: { event_type: "string" } },
    handle(conn, id, msg) {
      conn.subscribe(id, {
        kind: "events",
        eventType: typeof msg.event_type === "string" ? msg.event_type : "*",
      });
      conn.result(id, null);
    },
  },
  unsubscribe_events: {
    schema: { required: { subscription: "integer" } },
    handle(conn, id, msg) {
      if (!conn.unsubscribe(msg.subscription as number))
        throw new HaError("not_found", "Subscription not found.");
      conn.result(id, null);
    },
  },
  subscribe_entities: { schema: { optional: { entity_ids: "string[]" } }, handle: subscribeEntities },
  call_service: {
    schema: {
      required: { domain: "string", service: "string" },
      optional: { service_data: "object", target: "object", return_response: "boolean" },
    },
    handle: callService,
  },
  "config/area_registry/list": list((conn) => conn.host.store.areas),
  "config/floor_registry/list": list((conn) => conn.host.store.floors),
  "config/label_registry/list": list((conn) => conn.host.store.labels),
  "config/device_registry/list": list((conn) => conn.host.store.deviceList()),
  "config/entity_registry/list": list((conn) => conn.host.store.entryList()),
  "config/entity_registry/list_for_display": list((conn) => ({
    entity_categories: Object.fromEntries(ENTITY_CATEGORIES.map((c, i) => [i, c])),
    entities: conn.host.store.entryList().map(displayEntry),
  })),
  ...REGISTRY_COMMANDS,
  ...INSTALLATION_COMMANDS,
  ...LOVELACE_COMMANDS,
  ...ENTITY_FEED_COMMANDS,
  ...INTERFACE_READ_COMMANDS,
};
