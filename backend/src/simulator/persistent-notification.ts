import type { FieldSpec, ServiceSpec } from "./service-catalog.js";

/**
 * HA's `persistent_notification` services (core `components/persistent_notification/__init__.py`
 * and its services.yaml): `create` shows a notification in HA's notification drawer, replacing
 * one with the same `notification_id`; `dismiss` removes one (an unknown id is no error);
 * `dismiss_all` removes all. Since HA 2023.6 notifications are not entities, so calls are only
 * recorded in the call log, like notify: the home's entities and areas stay as they are.
 */
const notificationId = (required: boolean): FieldSpec => ({
  name: "Notification ID",
  description: "ID of the notification.",
  ...(required ? { required: true } : {}),
  example: "1234",
  selector: { text: null },
});

export const PERSISTENT_NOTIFICATION_SERVICES: Record<string, ServiceSpec> = {
  create: {
    name: "Create",
    description: "Shows a notification on the notifications panel.",
    fields: {
      message: {
        name: "Message",
        description: "Message body of the notification.",
        required: true,
        example: "Please check your configuration.yaml.",
        selector: { text: null },
      },
      title: {
        name: "Title",
        description: "Optional title of the notification.",
        example: "Test notification",
        selector: { text: null },
      },
      notification_id: notificationId(false),
    },
  },
  dismiss: {
    name: "Dismiss",
    description: "Deletes a notification from the notifications panel.",
    fields: { notification_id: notificationId(true) },
  },
  dismiss_all: {
    name: "Dismiss all",
    description: "Deletes all notifications from the notifications panel.",
    fields: {},
  },
};
