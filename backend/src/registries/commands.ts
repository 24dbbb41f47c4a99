import type { DeviceConnection } from "../gateway/connection.js";
import { result, WsError } from "../gateway/messages.js";
import type { Command, CommandRows, Message } from "../gateway/room.js";
import { entityIdList } from "../gateway/validate.js";
import type { HaEntityEntry } from "../ha/types.js";
import { scopedEntityEntry } from "./entries.js";
import { RegistryScope } from "./scope.js";
import {
  areaEntries,
  deviceEntries,
  entityDisplayList,
  entityEntries,
  floorEntries,
  labelEntries,
} from "./views.js";

/**
 * HA's registry commands (homeassistant/components/config/{area,device,entity,floor,label}_registry.py)
 * for a device: the same shapes, only the items of its scope, each entry cut by entries.ts.
 */
const scopeOf = (conn: DeviceConnection) =>
  new RegistryScope(conn.host.mirror, conn.host.access.entitiesOf(conn.deviceId));

const list = (read: (conn: DeviceConnection, scope: RegistryScope) => unknown): Command => ({
  schema: {},
  run: (conn, id) => conn.send(result(id, read(conn, scopeOf(conn)))),
});

/** helpers/config_validation.py `entity_id` (lower-cased first, then `valid_entity_id`). */
const VALID_ENTITY_ID = /^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$/;

function checkEntityIds(ids: readonly string[], key: string): void {
  for (const entityId of ids) {
    if (!VALID_ENTITY_ID.test(entityId)) {
      throw new WsError(
        "invalid_format",
        `Entity ID ${entityId.slice(0, 255)} is an invalid entity ID for dictionary value @ data['${key}']`,
      );
    }
  }
}

const isEntry = (value: unknown): value is HaEntityEntry =>
  typeof value === "object" && value !== null && typeof (value as Message).entity_id === "string";

/** entity_registry.py `websocket_get_entity`: absent and out of scope answer alike, so nothing can be probed. */
const entityNotFound = () => new WsError("not_found", "Entity not found");

/**
 * `extended_dict` adds fields the mirror does not keep (aliases, capabilities, device classes),
 * so an in-scope entry is read from HA itself and cut like the list's.
 */
async function getEntity(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  const entityId = String(message.entity_id).toLowerCase();
  checkEntityIds([entityId], "entity_id");
  const scope = scopeOf(conn);
  if (!scope.entities.has(entityId) || conn.host.mirror.entityEntry(entityId) === undefined) {
    throw entityNotFound();
  }
  const entry = await conn.host.ha.command({ type: "config/entity_registry/get", entity_id: entityId });
  // The scope may have changed while HA answered: cut to the scope as it is now.
  const now = scopeOf(conn);
  if (!now.entities.has(entityId) || !isEntry(entry)) throw entityNotFound();
  conn.send(result(id, scopedEntityEntry(entry, now, true)));
}

/**
 * entity_registry.py `websocket_get_entities`: `{entity_id: extended entry | null}`; only the
 * in-scope ids are asked of HA, the others are null exactly as HA answers an unknown one.
 */
async function getEntries(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  const ids = entityIdList(message.entity_ids);
  checkEntityIds(ids, "entity_ids");
  const scope = scopeOf(conn);
  const wanted = ids.filter((entityId) => scope.entities.has(entityId));
  const answer =
    wanted.length === 0
      ? {}
      : await conn.host.ha.command({ type: "config/entity_registry/get_entries", entity_ids: wanted });
  const found = (typeof answer === "object" && answer !== null ? answer : {}) as Message;
  const now = scopeOf(conn);
  const out: Record<string, unknown> = {};
  for (const entityId of ids) {
    const entry = now.entities.has(entityId) ? found[entityId] : undefined;
    out[entityId] = isEntry(entry) ? scopedEntityEntry(entry, now, true) : null;
  }
  conn.send(result(id, out));
}

export const REGISTRY_COMMANDS: CommandRows = [
  ["config/entity_registry/list", list((conn, scope) => entityEntries(conn.host.mirror, scope))],
  ["config/entity_registry/get", { schema: { required: { entity_id: "string" } }, run: getEntity }],
  [
    "config/entity_registry/get_entries",
    { schema: { required: { entity_ids: "entity_ids" } }, run: getEntries },
  ],
  [
    "config/entity_registry/list_for_display",
    list((conn, scope) => entityDisplayList(conn.host.mirror, scope)),
  ],
  ["config/device_registry/list", list((conn, scope) => deviceEntries(conn.host.mirror, scope))],
  ["config/area_registry/list", list((conn, scope) => areaEntries(conn.host.mirror, scope))],
  ["config/floor_registry/list", list((conn, scope) => floorEntries(conn.host.mirror, scope))],
  ["config/label_registry/list", list((conn, scope) => labelEntries(conn.host.mirror, scope))],
];
