import type { HaOutgoing } from "./messages.js";
import * as messages from "./messages.js";
import { HaCommandError } from "./types.js";

export interface Subscription {
  unsubscribe(): void;
}

interface SubscriptionRecord {
  message: HaOutgoing;
  callback: (event: unknown) => void;
  onResult: (error: Error | null) => void;
}

/** What the table needs from its connection. */
export interface SubscriptionWire {
  connected(): boolean;
  /** The current socket: tells one connection from the next. */
  socket(): unknown;
  nextId(): number;
  /** Sends a message with the given id; resolves with HA's result. */
  send(id: number, message: HaOutgoing): Promise<unknown>;
  sendCommand(message: HaOutgoing): Promise<unknown>;
}

const notConnected = () => new HaCommandError("not_connected", "Home Assistant is not connected right now.");

/**
 * The connection's subscriptions, after home-assistant-js-websocket's `Connection`: those that
 * survive reconnects (the mirror's), those that live on one socket only (a device's streams), and
 * the ids HA's events arrive under on the current socket.
 */
export class SubscriptionTable {
  private readonly lasting = new Set<SubscriptionRecord>();
  private readonly active = new Map<number, SubscriptionRecord>();
  /** `once` records HA confirmed on the current socket. */
  private readonly onceConfirmed = new Set<SubscriptionRecord>();

  constructor(private readonly wire: SubscriptionWire) {}

  /**
   * Subscribes now (if connected) and again after every reconnect. `onResult` hears how each
   * (re)subscription went, so the caller can react to a refused or timed-out subscription.
   */
  subscribe(
    message: HaOutgoing,
    callback: (event: unknown) => void,
    onResult: (error: Error | null) => void = () => {},
  ): Subscription {
    const record: SubscriptionRecord = { message, callback, onResult };
    this.lasting.add(record);
    if (this.wire.connected()) this.sendLasting(record);
    return {
      unsubscribe: () => {
        this.lasting.delete(record);
        for (const [id, active] of this.active) if (active === record) this.unsubscribeAtHa(id, record);
      },
    };
  }

  /**
   * A subscription for this socket only (a device's history or logbook stream): never re-sent
   * after a reconnect, since HA's stream state died with the socket; `onResult` hears the
   * subscribe's answer, then `connection_lost` if the socket goes while it is active.
   */
  once(
    message: HaOutgoing,
    callback: (event: unknown) => void,
    onResult: (error: Error | null) => void,
  ): Subscription {
    if (!this.wire.connected()) {
      queueMicrotask(() => onResult(notConnected()));
      return { unsubscribe: () => {} };
    }
    const id = this.wire.nextId();
    const socket = this.wire.socket();
    const record: SubscriptionRecord = { message, callback, onResult };
    let cancelled = false;
    this.active.set(id, record);
    this.wire.send(id, message).then(
      () => {
        if (!cancelled) {
          this.onceConfirmed.add(record);
          onResult(null);
        } else if (this.wire.socket() === socket) this.unsubscribeAtHa(id, record);
      },
      (error: Error) => {
        this.active.delete(id);
        if (!cancelled) onResult(error);
      },
    );
    return {
      unsubscribe: () => {
        if (cancelled) return;
        cancelled = true;
        if (this.onceConfirmed.delete(record) && this.wire.socket() === socket)
          this.unsubscribeAtHa(id, record);
      },
    };
  }

  /** Authenticated on a new socket: the lasting subscriptions are sent again. */
  resubscribe(): void {
    for (const record of this.lasting) this.sendLasting(record);
  }

  /** The callback for an event's subscription id, if it is active. */
  callbackFor(id: unknown): ((event: unknown) => void) | undefined {
    return typeof id === "number" ? this.active.get(id)?.callback : undefined;
  }

  /**
   * The socket closed: its ids are gone. Returns how to tell the confirmed one-socket
   * subscriptions they ended; call it after the commands in flight were rejected, so those still
   * waiting for HA's answer hear the loss from that rejection, once.
   */
  socketClosed(): (error: Error) => void {
    this.active.clear();
    const ended = [...this.onceConfirmed];
    this.onceConfirmed.clear();
    return (error) => {
      for (const record of ended) record.onResult(error);
    };
  }

  private sendLasting(record: SubscriptionRecord): void {
    const id = this.wire.nextId();
    this.active.set(id, record);
    this.wire.send(id, record.message).then(
      () => record.onResult(null),
      (error: Error) => {
        this.active.delete(id);
        record.onResult(error);
      },
    );
  }

  /** Events already on the wire are dropped quietly until HA confirms the unsubscribe. */
  private unsubscribeAtHa(id: number, record: SubscriptionRecord): void {
    this.active.set(id, { ...record, callback: () => {} });
    const forget = () => this.active.delete(id);
    this.wire.sendCommand(messages.unsubscribeEvents(id)).then(forget, forget);
  }
}
