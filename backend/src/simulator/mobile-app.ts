import type { HomeStore } from "./store.js";
import { newContext } from "./store.js";

/** The demo phone's HA user: the mobile_app registration's context carries it. */
export const DEMO_PHONE_USER_ID = "b7e3c0d1a2f94e6c8d5a4b3c2e1f0a9d";

/** What a companion app sends when the admin taps an action button (the actionable notifications docs). */
export interface NotificationActionData {
  /** The tapped action's `action` key, as it was sent in `data.actions`. */
  action: string;
  /** Android echoes the notification's fields; the `tag` is among them. */
  tag?: string;
  [key: string]: unknown;
}

/**
 * Fires `mobile_app_notification_action` as HA's mobile_app webhook does when the companion app
 * reports a tapped action (core `components/mobile_app/webhook.py` `webhook_fire_event`:
 * `hass.bus.async_fire(event_type, event_data, EventOrigin.remote, context=registration_context)`,
 * the registration's user as the context's user). Subscribers of `subscribe_events` get it.
 */
export function fireNotificationAction(store: HomeStore, data: NotificationActionData): void {
  store.fire("mobile_app_notification_action", { ...data }, newContext(DEMO_PHONE_USER_ID), "REMOTE");
}
