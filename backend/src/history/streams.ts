import type { ScopeChange } from "../devices/types.js";
import type { DeviceConnection } from "../gateway/connection.js";
import type { Subscription } from "../gateway/room.js";
import type { HaForwardedSubscription } from "../ha/types.js";
import { cutCompressedStates } from "./cut.js";
import { cutLogbookEntries } from "./logbook-cut.js";
import { viewerFor } from "./viewer.js";

/**
 * A device's `history/stream` or `logbook/event_stream`, forwarded to HA with explicit in-scope
 * entity ids on HAsync's link (one HA subscription per device stream, `HaForwarder.subscribe`),
 * every message cut again on its way out.
 *
 * When an entity of the stream leaves the scope, nothing more is sent for it from that moment
 * (each message is cut against the live scope, and the id is dropped from the stream's own set);
 * once none is left, HA's side is unsubscribed. HA has no "stream ended" message, and a client
 * survives silence (HA goes silent too at `end_time`), whereas re-subscribing would make HA send
 * a fresh historical block that HA's frontend merges into what it already drew. Losing HA ends the
 * stream: HA's stream state died with the socket, and re-sending would duplicate the history.
 */
export class ForwardedStream implements Subscription {
  private handle: HaForwardedSubscription | null = null;
  private live = false;
  private stopped = false;
  private readonly held: unknown[] = [];
  private settle: { resolve(): void; reject(error: Error): void } | null = null;

  constructor(
    private readonly conn: DeviceConnection,
    private readonly id: number,
    private readonly kind: "history" | "logbook",
    private readonly ids: Set<string>,
  ) {}

  /** Subscribes at HA; resolves once HA accepted, rejects with HA's refusal. */
  open(message: { type: string; [key: string]: unknown }): Promise<void> {
    const accepted = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.handle = this.conn.host.ha.subscribe(
      message,
      (event) => this.onEvent(event),
      (error) => this.onResult(error),
    );
    return accepted;
  }

  /** After the device got its result: HA's messages that came with it, then live ones. */
  goLive(): void {
    this.live = true;
    for (const event of this.held.splice(0)) this.forward(event);
  }

  stop(): void {
    this.stopped = true;
    this.handle?.unsubscribe();
    this.handle = null;
  }

  scopeChanged(change: ScopeChange): void {
    for (const entityId of change.removed) this.ids.delete(entityId);
    if (this.ids.size === 0) {
      this.handle?.unsubscribe();
      this.handle = null;
    }
  }

  private onResult(error: Error | null): void {
    const settle = this.settle;
    this.settle = null;
    if (settle !== null) {
      if (error === null) settle.resolve();
      else settle.reject(error);
      return;
    }
    if (error !== null && this.conn.subscriptions.get(this.id) === this) {
      this.conn.subscriptions.delete(this.id);
      this.stop();
    }
  }

  private onEvent(event: unknown): void {
    if (this.stopped || this.handle === null) return;
    if (this.live) this.forward(event);
    else this.held.push(event);
  }

  private forward(event: unknown): void {
    if (typeof event !== "object" || event === null) return;
    const message = { ...(event as Record<string, unknown>) };
    const viewer = viewerFor(this.conn.host.mirror, this.conn.host.access, this.conn.deviceId);
    let empty: boolean;
    if (this.kind === "history") {
      const states = cutCompressedStates(message.states, this.ids, viewer);
      message.states = states;
      empty = Object.keys(states).length === 0;
    } else {
      const events = cutLogbookEntries(message.events, viewer).filter(
        (entry) => typeof entry.entity_id === "string" && this.ids.has(entry.entity_id),
      );
      message.events = events;
      empty = events.length === 0;
    }
    // Messages with a time window tell the client a block of history is complete: always sent.
    if (empty && !("start_time" in message)) return;
    this.conn.send(`{"id":${this.id},"type":"event","event":${JSON.stringify(message)}}`);
  }
}
