import type { ScopeChange } from "../devices/types.js";
import type { DeviceConnection } from "./connection.js";
import type { CommandSchema } from "./validate.js";

/**
 * What a capability ("room": registries, events, user data, history…) contributes to the device
 * gateway: rows of HA WebSocket commands, each with its schema and a handler that answers from
 * the device's scope. The gateway only dispatches (STYLE.md 16).
 */
export type Message = Record<string, unknown>;

export interface Command {
  schema: CommandSchema;
  run(conn: DeviceConnection, id: number, message: Message): void | Promise<void>;
}

/** `[type, command]` rows, merged into the gateway's one table. */
export type CommandRows = ReadonlyArray<readonly [string, Command]>;

/**
 * Anything a device opened with a `subscribe_*` command and ends with `unsubscribe_events` (or
 * by closing its socket). Counted against `maxSubscriptions`.
 */
export interface Subscription {
  /** Ends it: frees fan-out entries, unsubscribes at HA, stops timers. Called once. */
  stop(): void;
  /** Entities entered or left the device's scope (a scope edit, a registry move). */
  scopeChanged(change: ScopeChange): void;
}
