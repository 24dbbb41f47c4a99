import type { FieldSpec, ServiceSpec } from "./service-catalog.js";

/**
 * The demo home's `notify` services, as the mobile app integration registers one per phone
 * (`notify.mobile_app_<device>`), with the legacy platform schema of HA core
 * `components/notify/legacy.py` (NOTIFY_SERVICE_SCHEMA: message required; title, target, data),
 * and HA's own `notify.persistent_notification`. Calls are only recorded (the demo has no phone);
 * they change no entity, so the home's entities and areas stay as they are.
 */
const message: FieldSpec = {
  name: "Message",
  description: "Message body of the notification.",
  required: true,
  example: "The garage door has been open for 10 minutes.",
  selector: { text: null },
};
const title: FieldSpec = {
  name: "Title",
  description: "Title for your notification.",
  selector: { text: null },
};
const target: FieldSpec = {
  name: "Target",
  description: "Some integrations allow you to specify the targets that receive the notification.",
  selector: { object: null },
};
const data: FieldSpec = {
  name: "Data",
  description: "Some integrations provide extended functionality (the companion app opens data.url).",
  selector: { object: null },
};

function legacy(name: string, description: string): ServiceSpec {
  return { name, description, fields: { message, title, target, data } };
}

export const NOTIFY_SERVICES: Record<string, ServiceSpec> = {
  mobile_app_alex_phone: legacy(
    "Send a notification via mobile_app_alex_phone",
    "Sends a notification message using the mobile_app_alex_phone integration.",
  ),
  persistent_notification: {
    name: "Send a persistent notification",
    description: "Sends a notification that is visible in the notifications panel.",
    fields: { message, title, data },
  },
};
