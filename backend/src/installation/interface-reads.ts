import type { DeviceConnection } from "../gateway/connection.js";
import { result } from "../gateway/messages.js";
import type { Command, CommandRows, Message } from "../gateway/room.js";

/**
 * Small reads HA's interface makes on start and in the Overview, open to any HA user. Those that
 * say nothing about the house are HA's answer as it is (units and device classes are constants of
 * HA's code; recorder/info is whether history is being written); the others are cut to the scope.
 */

const ask = (conn: DeviceConnection, message: Message) => conn.host.ha.command(message as { type: string });

/** HA's answer, unchanged. */
const passed = (schema: Command["schema"] = {}): Command => ({
  schema,
  run: async (conn, id, message) => conn.send(result(id, await ask(conn, message))),
});

/**
 * usage_prediction/__init__.py `ws_common_control`: the entities most often controlled at this
 * time of day. HAsync asks as its own HA user, so only the ones in the device's scope are kept, in
 * HA's order.
 */
async function commonControl(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  const answer = (await ask(conn, message)) as { entities?: unknown } | null;
  const scope = conn.host.access.entitiesOf(conn.deviceId);
  const entities = Array.isArray(answer?.entities) ? answer.entities : [];
  conn.send(
    result(id, {
      ...answer,
      entities: entities.filter(
        (entityId): entityId is string => typeof entityId === "string" && scope.has(entityId),
      ),
    }),
  );
}

export const INTERFACE_READ_COMMANDS: CommandRows = [
  // recorder/websocket_api.py ws_info
  ["recorder/info", passed()],
  // sensor/websocket_api.py ws_numeric_device_classes, ws_device_class_units
  ["sensor/numeric_device_classes", passed()],
  ["sensor/device_class_convertible_units", passed({ required: { device_class: "string" } })],
  // number/websocket_api.py ws_device_class_units
  ["number/device_class_convertible_units", passed({ required: { device_class: "string" } })],
  // weather/websocket_api.py ws_convertible_units
  ["weather/convertible_units", passed()],
  ["usage_prediction/common_control", { schema: {}, run: commonControl }],
  // repairs/websocket_api.py ws_list_issues: issues are about integrations and HA itself, never
  // about a scope; a device gets HA's answer for an install without any.
  ["repairs/list_issues", { schema: {}, run: (conn, id) => conn.send(result(id, { issues: [] })) }],
];
