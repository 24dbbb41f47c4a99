import type { ScopeChange } from "../devices/types.js";
import type { DeviceConnection } from "../gateway/connection.js";
import { eventJson, result } from "../gateway/messages.js";
import type { Subscription } from "../gateway/room.js";
import { checkRoom } from "../gateway/room-limit.js";
import type { HaForwardedSubscription } from "../ha/types.js";

/**
 * One HA subscription forwarded for one device subscription (`HaForwarder.subscribe`): a
 * forecast, a to-do list's items, a calendar's events, a labs feature. HA's messages are about
 * the one entity the device asked for (checked in scope before anything is sent to HA), so they
 * pass as they are. When that entity leaves the scope, HA's side is unsubscribed and the device
 * hears nothing more (HA has no "ended" message; its clients survive silence). Losing HA ends it:
 * HA's side died with the socket.
 */
export class ForwardedFeed implements Subscription {
  private handle: HaForwardedSubscription | null = null;
  private live = false;
  private readonly held: unknown[] = [];
  private settle: { resolve(): void; reject(error: Error): void } | null = null;

  constructor(
    private readonly conn: DeviceConnection,
    private readonly id: number,
    /** The entity the feed is about; null for one about no entity (a labs feature). */
    private readonly entityId: string | null,
  ) {}

  /** Subscribes at HA, answers the device's result once HA accepted, then HA's messages. */
  async open(message: { type: string; [key: string]: unknown }): Promise<void> {
    checkRoom(this.conn);
    this.conn.subscriptions.set(this.id, this);
    const accepted = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.handle = this.conn.host.ha.subscribe(
      message,
      (event) => this.onEvent(event),
      (error) => this.onResult(error),
    );
    try {
      await accepted;
    } catch (error) {
      if (this.conn.subscriptions.get(this.id) === this) this.conn.subscriptions.delete(this.id);
      this.stop();
      throw error;
    }
    this.conn.send(result(this.id));
    this.live = true;
    for (const event of this.held.splice(0)) this.forward(event);
  }

  stop(): void {
    this.handle?.unsubscribe();
    this.handle = null;
  }

  scopeChanged(change: ScopeChange): void {
    if (this.entityId !== null && change.removed.includes(this.entityId)) this.stop();
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
    if (this.handle === null) return;
    if (this.live) this.forward(event);
    else this.held.push(event);
  }

  private forward(event: unknown): void {
    if (this.entityId !== null && !this.conn.host.access.canSee(this.conn.deviceId, this.entityId)) return;
    this.conn.send(eventJson(this.id, JSON.stringify(event ?? null)));
  }
}
