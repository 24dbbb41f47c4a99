import { randomBytes } from "node:crypto";
import type { DeviceConnection } from "../gateway/connection.js";
import { eventJson, result } from "../gateway/messages.js";
import type { Subscription } from "../gateway/room.js";
import type { HaForwardedSubscription } from "../ha/types.js";

/**
 * HA's own `lovelace_updated` (lovelace/dashboard.py `_config_updated`: `{url_path}` when a
 * dashboard's config is saved or deleted) for the dashboards the admin allows the device, so an
 * open HA dashboard on it reloads when the admin edits it in HA. One HA subscription per device
 * subscription (HA's frontend opens one per open dashboard), each event checked against the
 * device's list as it is now; the event's context is HAsync's own, never naming HA's user. The
 * default dashboard (url_path None) counts as `lovelace`.
 */
export class HaDashboardUpdates implements Subscription {
  private handle: HaForwardedSubscription | null = null;
  /** Events HA sent before the device got its result, sent right after it. */
  private held: unknown[] | null = [];

  constructor(
    private readonly conn: DeviceConnection,
    private readonly id: number,
  ) {}

  /** Resolves once HA answered the subscribe; a refusal or HA being away only ends HA's side. */
  open(): Promise<void> {
    return new Promise((resolve) => {
      let answered = false;
      this.handle = this.conn.host.ha.subscribe(
        { type: "subscribe_events", event_type: "lovelace_updated" },
        (event) => this.onEvent(event),
        (error) => {
          if (error !== null) this.handle = null;
          if (!answered) resolve();
          answered = true;
        },
      );
    });
  }

  /** The device has its result: what HA sent meanwhile, then every event as it comes. */
  goLive(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const event of held) this.onEvent(event);
  }

  stop(): void {
    this.handle?.unsubscribe();
    this.handle = null;
  }

  scopeChanged(): void {
    // Each event is checked against the device's dashboards when it arrives.
  }

  private onEvent(event: unknown): void {
    if (this.held !== null) {
      this.held.push(event);
      return;
    }
    const urlPath = (event as { data?: { url_path?: unknown } } | null)?.data?.url_path;
    if (urlPath !== null && typeof urlPath !== "string") return;
    const allowed = this.conn.host.access.device(this.conn.deviceId)?.dashboards ?? [];
    if (!allowed.includes(urlPath ?? "lovelace")) return;
    const context = { id: randomBytes(16).toString("hex"), parent_id: null, user_id: null };
    const timeFired = new Date(this.conn.host.now()).toISOString();
    const framed = {
      event_type: "lovelace_updated",
      data: { url_path: urlPath },
      origin: "LOCAL",
      time_fired: timeFired,
      context,
    };
    this.conn.send(eventJson(this.id, JSON.stringify(framed)));
  }
}

/**
 * `subscribe_events` for `lovelace_updated`: the device's own events (its dashboards list changing,
 * `own`) and HA's for its allowed dashboards under one id, the result sent once HA has the
 * subscription, so no edit made after the result is missed.
 */
export async function subscribeLovelaceUpdated(
  conn: DeviceConnection,
  id: number,
  own: Subscription,
): Promise<void> {
  const updates = new HaDashboardUpdates(conn, id);
  conn.subscriptions.set(id, {
    stop: () => {
      own.stop();
      updates.stop();
    },
    scopeChanged: (change) => own.scopeChanged(change),
  });
  await updates.open();
  conn.send(result(id));
  updates.goLive();
}
