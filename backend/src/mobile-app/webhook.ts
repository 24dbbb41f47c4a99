import type { DeviceAccess } from "../devices/types.js";
import type { CallOptions } from "../gateway/service-calls.js";
import { ServiceCallThrottled } from "../gateway/service-calls.js";
import { scopedConfig, visibleStates } from "../gateway/views.js";
import { safeState } from "../gateway/wire-states.js";
import type { CallServiceRequest, HaMirror } from "../ha/types.js";
import { aiohttpText, emptyOkay, type WebhookAnswer, webhookResponse } from "./answers.js";
import { REFUSED_COMMANDS } from "./refusals.js";
import {
  type AppRegistration,
  type AppRegistrations,
  UPDATE_REGISTRATION_SCHEMA,
  updatedRegistration,
} from "./registrations.js";
import { dict, mapping, optionalDict, requiredString, tryValidate, type Validator } from "./schema.js";

/**
 * The mobile_app webhook's commands (core `components/mobile_app/webhook.py`), each answered for
 * one device from its scope, by HAsync and never by HA's own mobile_app: reads are cut as the
 * device's WebSocket reads are, a service call takes the gateway's one call path, and whatever
 * would write the phone into HA (sensors, location) or act on the whole house (events, tags,
 * Assist, templates) is answered as HA answers a payload it does not take.
 */

/** The device's one call path to HA (DeviceGateway.callService). */
export interface ServiceCaller {
  callService(
    deviceId: string,
    ip: string,
    request: CallServiceRequest,
    options: CallOptions,
  ): Promise<unknown>;
}

export interface WebhookDeps {
  registrations: AppRegistrations;
  devices: DeviceAccess;
  mirror: HaMirror;
  calls: ServiceCaller;
}

export interface WebhookCall {
  deviceId: string;
  registration: AppRegistration;
  ip: string;
  /** Aborts when the app's request goes away (a call held for the admin is then withdrawn). */
  signal: AbortSignal;
}

export interface Command {
  /** `@validate_schema(...)`: a payload it refuses is answered `empty_okay_response()`. */
  schema?: Validator;
  handle(deps: WebhookDeps, call: WebhookCall, data: unknown): WebhookAnswer | Promise<WebhookAnswer>;
}

/** frontend/__init__.py DEFAULT_THEME_COLOR, MANIFEST_JSON's `theme_color`. */
const THEME_COLOR = "#03A9F4";

/**
 * `webhook_get_config`, from the device's `get_config`: HA's fields with the scoped components
 * (HAsync's `mobile_app` among them). The home's position is a device's only with `zone.home` in
 * its scope; the apps read these fields as numbers, so a device without it gets 0. No cloudhook
 * or remote UI URL (HA's cloud is HA's), no HA device (HAsync creates none), and no entities:
 * HAsync registers none of the app's sensors.
 */
function getConfig(deps: WebhookDeps, call: WebhookCall): WebhookAnswer {
  const config = scopedConfig(deps.mirror.config(), deps.devices.entitiesOf(call.deviceId));
  return webhookResponse({
    latitude: config.latitude ?? 0,
    longitude: config.longitude ?? 0,
    elevation: config.elevation ?? 0,
    hass_device_id: null,
    unit_system: config.unit_system,
    location_name: config.location_name,
    time_zone: config.time_zone,
    components: config.components,
    version: config.version,
    theme_color: THEME_COLOR,
    entities: {},
  });
}

/** `webhook_get_zones`: HA's `zone.*` states by entity id, only those in the device's scope. */
function getZones(deps: WebhookDeps, call: WebhookCall): WebhookAnswer {
  const visible = deps.devices.entitiesOf(call.deviceId);
  const zones = [...visible].filter((id) => id.startsWith("zone.")).sort();
  return webhookResponse(visibleStates(deps.mirror, visible, zones).map(safeState));
}

/**
 * `webhook_call_service`: HA answers `{}` once the call is done and raises HTTPBadRequest for any
 * failure (a refusal included); HAsync's own throttle says when to try again.
 */
async function callService(deps: WebhookDeps, call: WebhookCall, data: unknown): Promise<WebhookAnswer> {
  const { domain, service, service_data } = data as Record<string, unknown>;
  const request: CallServiceRequest = {
    domain: String(domain),
    service: String(service),
    service_data: service_data as Record<string, unknown>,
  };
  try {
    await deps.calls.callService(call.deviceId, call.ip, request, { via: "mobile_app", signal: call.signal });
  } catch (error) {
    if (error instanceof ServiceCallThrottled) {
      return aiohttpText(429, "Too Many Requests", Math.max(1, error.retryAfterSeconds));
    }
    return aiohttpText(400, "Bad Request");
  }
  return emptyOkay();
}

/**
 * `webhook_stream_camera`: an in-scope camera's MJPEG path (HAsync's camera proxy serves it to the
 * device); never an HLS path, which HAsync does not relay. Anything else is answered as HA
 * answers an entity it does not have.
 */
function streamCamera(deps: WebhookDeps, call: WebhookCall, data: unknown): WebhookAnswer {
  const entityId = String((data as Record<string, unknown>).camera_entity_id);
  const inScope = entityId.startsWith("camera.") && deps.devices.canSee(call.deviceId, entityId);
  if (!inScope || deps.mirror.getState(entityId) === undefined) {
    return webhookResponse({ success: false }, 400);
  }
  return webhookResponse({ mjpeg_path: `/api/camera_proxy_stream/${entityId}`, hls_path: null });
}

/**
 * `webhook_render_template` answers each template's failure under its key (`{"error": ...}`):
 * a template reads the whole house, so none is rendered for a device.
 */
function renderTemplate(_deps: WebhookDeps, _call: WebhookCall, data: unknown): WebhookAnswer {
  const answer: Record<string, unknown> = {};
  for (const key of Object.keys(data as Record<string, unknown>)) {
    answer[key] = { error: "Templates are not rendered for this device: they can read the whole home." };
  }
  return webhookResponse(answer);
}

/** `webhook_update_registration`: kept, and answered with `safe_registration` (helpers.py). */
function updateRegistration(deps: WebhookDeps, call: WebhookCall, data: unknown): WebhookAnswer {
  const next = updatedRegistration(call.registration, data as Record<string, unknown>);
  deps.registrations.update(call.deviceId, next);
  const { device_id: _appDeviceId, ...safe } = next;
  return webhookResponse({ ...safe, supports_encryption: false });
}

/** Each type HAsync answers, with its HA schema (webhook.py `WEBHOOK_COMMANDS`). */
const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ["get_config", { handle: getConfig }],
  ["get_zones", { handle: getZones }],
  [
    "call_service",
    {
      schema: mapping([requiredString("domain"), requiredString("service"), optionalDict("service_data")]),
      handle: callService,
    },
  ],
  ["stream_camera", { schema: mapping([requiredString("camera_entity_id")]), handle: streamCamera }],
  ["render_template", { schema: templates, handle: renderTemplate }],
  ["update_registration", { schema: UPDATE_REGISTRATION_SCHEMA, handle: updateRegistration }],
  ...REFUSED_COMMANDS,
]);

/** render_template's `{str: {template, variables}}`. */
function templates(value: unknown): Record<string, unknown> {
  const each = mapping([requiredString("template"), optionalDict("variables")]);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(mapping([], "allow")(value))) out[key] = each(item);
  return out;
}

/**
 * One webhook message, after HA's payload checks: a type HA has no handler for and a payload its
 * handler's schema refuses are both answered `{}` (webhook.py `handle_webhook`, `validate_schema`).
 */
export async function runCommand(
  deps: WebhookDeps,
  call: WebhookCall,
  type: string,
  data: unknown,
): Promise<WebhookAnswer> {
  const command = COMMANDS.get(type);
  if (command === undefined) return emptyOkay();
  const valid = command.schema === undefined ? data : tryValidate(command.schema, data);
  if (valid === null) return emptyOkay();
  return command.handle(deps, call, valid);
}

/** webhook.py WEBHOOK_PAYLOAD_SCHEMA's unencrypted form: `{type, data?}`, nothing else. */
const PLAIN_PAYLOAD = mapping([
  requiredString("type"),
  { key: "data", validate: (value) => (Array.isArray(value) ? value : dict(value)) },
]);

/**
 * The message in a webhook body, or what HA answers instead: `{}` for a body outside its payload
 * schema, and `{}` for an encrypted one, which HA cannot read without the secret HAsync never
 * handed out (helpers.py `decrypt_payload`: "no decryption key known").
 */
export function messageOf(body: unknown): { type: string; data: unknown } | WebhookAnswer {
  const plain = tryValidate(PLAIN_PAYLOAD, body);
  if (plain !== null) return { type: String(plain.type), data: plain.data ?? {} };
  return emptyOkay();
}

export const isAnswer = (value: { type: string; data: unknown } | WebhookAnswer): value is WebhookAnswer =>
  "status" in value;
