import {
  HaCommandError,
  type HaForwardedSubscription,
  type HaForwarder,
  type HaMirror,
} from "../ha/types.js";
import type { Logger } from "../log/logger.js";

/** The event the companion apps fire through the mobile_app webhook when an action is tapped. */
export const ACTION_EVENT = "mobile_app_notification_action";

/** A tapped action as HAsync reads it from the event. */
export interface TappedAction {
  action: string;
  /** The HA user the phone's registration belongs to (the event's context), when given. */
  userId: string | null;
}

export interface PhoneAnswersDeps {
  ha: Pick<HaForwarder, "subscribe">;
  mirror: Pick<HaMirror, "on">;
  log: Logger;
  onTap: (tap: TappedAction) => void;
}

const isLoss = (error: Error) =>
  error instanceof HaCommandError && (error.code === "connection_lost" || error.code === "not_connected");

/**
 * Listens for the admin's taps on the phone only while some held call was sent to a phone:
 * `subscribe_events` for `mobile_app_notification_action` (HAsync's own HA user is an admin, so
 * HA's subscribe allow-list, core `auth/permissions/events.py`, does not stand in the way). The
 * forwarded subscription lives on one socket; when the link drops it is made again once the
 * mirror is connected, as home-assistant-js-websocket re-subscribes after a reconnect.
 */
export class PhoneAnswers {
  private wanted = false;
  private sub: HaForwardedSubscription | null = null;
  private listening = false;
  private readonly waiters = new Set<() => void>();
  private offStatus: (() => void) | undefined;

  constructor(private readonly deps: PhoneAnswersDeps) {}

  start(): void {
    this.offStatus ??= this.deps.mirror.on("status", (status) => {
      if (status.connected && this.wanted && this.sub === null) this.subscribe();
    });
  }

  stop(): void {
    this.offStatus?.();
    this.offStatus = undefined;
    this.want(false);
  }

  /** Subscribes while `on`; unsubscribes when no held call waits for a phone any more. */
  want(on: boolean): void {
    this.wanted = on;
    if (on && this.sub === null) this.subscribe();
    if (!on && this.sub !== null) {
      this.sub.unsubscribe();
      this.sub = null;
      this.listening = false;
    }
  }

  /** Resolves once HA has confirmed the subscription (tests fire a tap only after it). */
  ready(): Promise<void> {
    if (this.listening) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  private subscribe(): void {
    const sub = this.deps.ha.subscribe(
      { type: "subscribe_events", event_type: ACTION_EVENT },
      (event) => this.onEvent(event),
      (error) => {
        if (this.sub !== sub) return;
        if (error === null) {
          this.listening = true;
          for (const resolve of this.waiters) resolve();
          this.waiters.clear();
          return;
        }
        // Gone with the socket (or never sent): the status listener subscribes again on reconnect.
        this.sub = null;
        this.listening = false;
        if (!isLoss(error)) {
          this.deps.log.warn("Home Assistant refused to tell HAsync about tapped notifications", {
            error: error.message,
          });
        }
      },
    );
    this.sub = sub;
  }

  private onEvent(event: unknown): void {
    const { data, context } = (event ?? {}) as {
      data?: { action?: unknown };
      context?: { user_id?: unknown };
    };
    if (typeof data?.action !== "string") return;
    const userId = typeof context?.user_id === "string" ? context.user_id : null;
    this.deps.onTap({ action: data.action, userId });
  }
}
