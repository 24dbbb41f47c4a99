import { CAMERA_COMMANDS } from "../cameras/sign-path.js";
import { ENTITY_FEED_COMMANDS } from "../entity-feeds/commands.js";
import { EVENT_COMMANDS } from "../events-ws/subscribe.js";
import type { CallServiceRequest } from "../ha/types.js";
import { HISTORY_COMMANDS } from "../history/commands.js";
import { IDENTITY_COMMANDS } from "../identity/current-user.js";
import { INSTALLATION_COMMANDS } from "../installation/commands.js";
import { INTERFACE_READ_COMMANDS } from "../installation/interface-reads.js";
import { LOVELACE_COMMANDS } from "../lovelace/commands.js";
import { REGISTRY_COMMANDS } from "../registries/commands.js";
import { USER_DATA_COMMANDS } from "../user-data/commands.js";
import type { DeviceConnection } from "./connection.js";
import { MESSAGES, pong, result, resultJson, WsError } from "./messages.js";
import type { Command, Message } from "./room.js";
import { checkRoom } from "./room-limit.js";
import { forwardServiceCall } from "./service-calls.js";
import { EntitiesSubscription } from "./subscriptions.js";
import { entityIdList } from "./validate.js";
import { scopedConfig, statesArrayJson, visibleStates } from "./views.js";

export type { Command, Message } from "./room.js";
export { checkRoom } from "./room-limit.js";

/**
 * The commands a device may send, each answering only from its scope. Everything is read live
 * from the mirror and the scope engine, so a scope or registry change shows in the next answer.
 */
const visible = (conn: DeviceConnection) => conn.host.access.entitiesOf(conn.deviceId);

function subscribeEntities(conn: DeviceConnection, id: number, message: Message): void {
  checkRoom(conn);
  const { fanout, mirror } = conn.host;
  const scope = visible(conn);
  const filter = message.entity_ids === undefined ? null : new Set(entityIdList(message.entity_ids));
  const sub = new EntitiesSubscription(id, conn, () => visible(conn), filter);
  conn.subscriptions.set(id, sub);
  fanout.add(sub, filter === null ? scope : [...filter].filter((entityId) => scope.has(entityId)));
  conn.send(result(id));
  sub.snapshot(visibleStates(mirror, scope, sub.indexed));
}

function unsubscribeEvents(conn: DeviceConnection, id: number, message: Message): void {
  const subscription = message.subscription as number;
  const sub = conn.subscriptions.get(subscription);
  if (sub === undefined) throw new WsError("not_found", MESSAGES.subscriptionNotFound);
  conn.subscriptions.delete(subscription);
  sub.stop();
  conn.send(result(id));
}

async function callService(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  const request: CallServiceRequest = {
    domain: message.domain as string,
    service: message.service as string,
  };
  if (message.service_data !== undefined) request.service_data = message.service_data as Message;
  if (message.target !== undefined) request.target = message.target as CallServiceRequest["target"];
  if (message.return_response !== undefined) request.return_response = message.return_response as boolean;
  const answer = await forwardServiceCall(conn.host, conn.deviceId, conn.ip, request, {
    via: "websocket",
    signal: conn.signal,
  });
  conn.send(result(id, answer));
}

/** A command without arguments that answers one value. */
const simple = (answer: (conn: DeviceConnection) => unknown): Command => ({
  schema: {},
  run: (conn, id) => conn.send(result(id, answer(conn))),
});

export const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ["ping", { schema: {}, run: (conn, id) => conn.send(pong(id)) }],
  [
    "supported_features",
    {
      schema: { required: { features: "object" } },
      run: (conn, id, message) => {
        if ((message.features as Message).coalesce_messages) conn.enableCoalescing();
        conn.send(result(id));
      },
    },
  ],
  [
    "get_states",
    {
      schema: {},
      run: (conn, id) =>
        conn.send(resultJson(id, statesArrayJson(visibleStates(conn.host.mirror, visible(conn))))),
    },
  ],
  ["get_config", simple((conn) => scopedConfig(conn.host.mirror.config(), visible(conn)))],
  [
    "get_services",
    simple((conn) => conn.host.access.allowedServices(conn.deviceId, conn.host.mirror.services())),
  ],
  ["subscribe_entities", { schema: { optional: { entity_ids: "entity_ids" } }, run: subscribeEntities }],
  ...EVENT_COMMANDS,
  ["unsubscribe_events", { schema: { required: { subscription: "integer" } }, run: unsubscribeEvents }],
  [
    "call_service",
    {
      schema: {
        required: { domain: "string", service: "string" },
        optional: { service_data: "object", target: "object", return_response: "boolean" },
      },
      run: callService,
    },
  ],
  ...REGISTRY_COMMANDS,
  ...IDENTITY_COMMANDS,
  ...CAMERA_COMMANDS,
  ...INSTALLATION_COMMANDS,
  ...LOVELACE_COMMANDS,
  ...INTERFACE_READ_COMMANDS,
  ...ENTITY_FEED_COMMANDS,
  ...USER_DATA_COMMANDS,
  ...HISTORY_COMMANDS,
]);
