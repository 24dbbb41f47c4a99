import type { ScopeChange } from "../devices/types.js";
import type { DeviceConnection } from "../gateway/connection.js";
import { eventJson, result, unauthorized } from "../gateway/messages.js";
import type { CommandRows, Message, Subscription } from "../gateway/room.js";
import { checkRoom } from "../gateway/room-limit.js";
import { StateChangedSubscription } from "../gateway/subscriptions.js";
import { visibleStates } from "../gateway/views.js";
import { subscribeLovelaceUpdated } from "../lovelace/updates.js";
import { MATCH_ALL, SUBSCRIBE_ALLOWLIST, SYNTHESISED } from "./allowlist.js";
import { type EventHub, type EventSink, hubOf } from "./hub.js";

/** Registry, service and config events for one subscription, made by the device's hub. */
class SynthesisedEvents implements Subscription, EventSink {
  constructor(
    private readonly id: number,
    private readonly conn: DeviceConnection,
    private readonly hub: EventHub,
    /** The one type asked for, or null for every synthesised type (all events). */
    private readonly type: string | null,
  ) {}

  get deviceId(): string {
    return this.conn.deviceId;
  }

  wants(eventType: string): boolean {
    return this.type === null ? SYNTHESISED.has(eventType) : this.type === eventType;
  }

  deliver(json: string): void {
    this.conn.send(eventJson(this.id, json));
  }

  stop(): void {
    this.hub.leave(this);
  }

  scopeChanged(): void {
    this.hub.changed(this.conn.deviceId);
  }
}

/** An accepted subscription to a type nothing the device may see is ever about. */
const silent = (): Subscription => ({ stop: () => undefined, scopeChanged: () => undefined });

/** All events: state_changed through the fan-out, everything else through the hub, one id. */
function both(parts: readonly Subscription[]): Subscription {
  return {
    stop: () => {
      for (const part of parts) part.stop();
    },
    scopeChanged: (change: ScopeChange) => {
      for (const part of parts) part.scopeChanged(change);
    },
  };
}

/** `state_changed` of the visible entities, on the fan-out path the benchmark measures. */
function stateChanged(conn: DeviceConnection, id: number): StateChangedSubscription {
  const { fanout, mirror, now, access } = conn.host;
  const visible = () => access.entitiesOf(conn.deviceId);
  const scope = visible();
  const sub = new StateChangedSubscription(id, conn, visible, now);
  fanout.add(sub, scope);
  sub.assumeKnown(visibleStates(mirror, scope));
  return sub;
}

function synthesised(conn: DeviceConnection, id: number, type: string | null): SynthesisedEvents {
  const hub = hubOf(conn.host);
  const sub = new SynthesisedEvents(id, conn, hub, type);
  hub.join(sub);
  return sub;
}

/**
 * websocket_api/commands.py `handle_subscribe_events`, with auth/permissions/events.py's
 * allowlist: a non-admin may subscribe to the allowlisted types only; anything else, and all
 * events, is `unauthorized`. A device set to present as an administrator is accepted as HA
 * accepts an admin (read per subscribe, so a changed setting applies to the next one), yet it
 * still hears only what provably concerns its scope: all events = state_changed plus the
 * synthesised types; any other type (call_service, automation_triggered, nodered…) = nothing,
 * since HAsync cannot know what such an event reveals.
 */
function subscribeEvents(conn: DeviceConnection, id: number, message: Message): void | Promise<void> {
  const type = message.event_type === undefined ? MATCH_ALL : (message.event_type as string);
  const allowed = SUBSCRIBE_ALLOWLIST.has(type) || conn.host.access.presentsAsAdmin(conn.deviceId);
  if (!allowed) throw unauthorized();
  checkRoom(conn);
  // With HA's own edits of the device's allowed dashboards (lovelace/updates.ts).
  if (type === "lovelace_updated") return subscribeLovelaceUpdated(conn, id, synthesised(conn, id, type));
  let sub: Subscription;
  if (type === "state_changed") sub = stateChanged(conn, id);
  else if (type === MATCH_ALL) sub = both([stateChanged(conn, id), synthesised(conn, id, null)]);
  else if (SYNTHESISED.has(type)) sub = synthesised(conn, id, type);
  else sub = silent();
  conn.subscriptions.set(id, sub);
  conn.send(result(id));
}

export const EVENT_COMMANDS: CommandRows = [
  ["subscribe_events", { schema: { optional: { event_type: "string" } }, run: subscribeEvents }],
];
