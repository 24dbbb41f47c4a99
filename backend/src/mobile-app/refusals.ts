import { emptyOkay, errorResponse, REFUSED, type WebhookAnswer, webhookResponse } from "./answers.js";
import {
  cvString,
  Invalid,
  mapping,
  optionalDict,
  optionalString,
  requiredString,
  type Validator,
} from "./schema.js";
import type { Command } from "./webhook.js";

/**
 * The webhook types HAsync does not carry out, each answered as HA's own webhook.py answers that
 * type when it does not take the payload, so the apps carry on as they would with such an HA:
 * - the phone's sensors and location are never written into HA (HAsync would have to be HA's
 *   mobile_app to do it, with HAsync's own admin token): `register_sensor` and `update_location`
 *   get the `{}` HA gives a payload it drops, `update_sensor_states` HA's per-sensor
 *   `not_registered` error, as for sensors HA never registered;
 * - what acts on the whole house whatever the scope (firing any event, a tag's automations, Assist)
 *   gets HA's webhook error shape, `unauthorized`;
 * - `enable_encryption` gets HA's answer where it has no encryption (HAsync hands out no secret).
 */

const SENSOR_TYPES = ["binary_sensor", "sensor"] as const;

/** `vol.In(SENSOR_TYPES)`, in voluptuous's words. */
const inSensorTypes: Validator<string> = (value) => {
  if (typeof value === "string" && (SENSOR_TYPES as readonly string[]).includes(value)) return value;
  throw new Invalid("value must be one of ['binary_sensor', 'sensor']");
};

/**
 * update_sensor_states' partial schema (`cv.ensure_list`, then each `{type, unique_id}` with extra
 * keys allowed): a list that fails it is answered `{}` by validate_schema.
 */
function sensorUpdates(value: unknown): Array<{ type: string; unique_id: string }> {
  const each = mapping(
    [
      { key: "type", required: true, validate: inSensorTypes },
      { key: "unique_id", required: true, validate: cvString },
    ],
    "allow",
  );
  const list = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((item) => each(item) as { type: string; unique_id: string });
}

/** webhook.py `webhook_update_sensor_states`: each sensor's `not_registered` error, by unique id. */
function notRegistered(_deps: unknown, _call: unknown, data: unknown): WebhookAnswer {
  const answer: Record<string, unknown> = {};
  for (const sensor of data as Array<{ type: string; unique_id: string }>) {
    answer[sensor.unique_id] = {
      success: false,
      error: { code: "not_registered", message: `${sensor.type} ${sensor.unique_id} is not registered` },
    };
  }
  return webhookResponse(answer);
}

const okay = (): WebhookAnswer => emptyOkay();
const refused = (): WebhookAnswer => REFUSED;

export const REFUSED_COMMANDS: ReadonlyArray<[string, Command]> = [
  ["register_sensor", { handle: okay }],
  ["update_sensor_states", { schema: sensorUpdates, handle: notRegistered }],
  ["update_location", { handle: okay }],
  [
    "fire_event",
    { schema: mapping([requiredString("event_type"), optionalDict("event_data")]), handle: refused },
  ],
  ["scan_tag", { schema: mapping([requiredString("tag_id")]), handle: refused }],
  [
    "conversation_process",
    {
      schema: mapping([
        requiredString("text"),
        optionalString("language"),
        optionalString("conversation_id"),
      ]),
      handle: refused,
    },
  ],
  // webhook.py `webhook_enable_encryption` where `supports_encryption()` is false.
  [
    "enable_encryption",
    { handle: () => errorResponse("encryption_not_available", "Encryption is unavailable") },
  ],
];
