import type { DevicesService } from "../devices/service.js";
import { safeAttributes, scopedState } from "../gateway/wire-states.js";
import type { HaMirror } from "../ha/types.js";
import { domainOf, nameOf, placeOf, stateText } from "./overview.js";
import { type AgentScope, MAY } from "./scope-view.js";

/** A service an entity accepts, with its fields, as a language model reads it. */
export interface ServiceText {
  service: string;
  description: string;
  needs_confirmation: boolean;
  fields: Record<string, string>;
}

type Description = { name?: unknown; description?: unknown; fields?: unknown; target?: unknown };
type Field = {
  name?: unknown;
  description?: unknown;
  required?: unknown;
  example?: unknown;
  selector?: unknown;
};

/** One selector (HA `helpers/selector.py`) in words: "number 0-100 %", "one of: a, b". */
function selectorText(selector: unknown): string {
  if (typeof selector !== "object" || selector === null) return "value";
  const [kind, config] = Object.entries(selector)[0] ?? ["value", null];
  const c = (typeof config === "object" && config !== null ? config : {}) as Record<string, unknown>;
  if (kind === "number") {
    const unit = typeof c.unit_of_measurement === "string" ? ` ${c.unit_of_measurement}` : "";
    return `number ${String(c.min ?? "")}-${String(c.max ?? "")}${unit}`;
  }
  if (kind === "select" && Array.isArray(c.options)) {
    const options = c.options.map((o) =>
      typeof o === "object" && o !== null ? (o as { value?: unknown }).value : o,
    );
    return `one of: ${options.map(String).join(", ")}`;
  }
  if (kind === "boolean") return "true or false";
  return kind === "text" ? "text" : kind;
}

function fieldText(field: Field): string {
  const parts = [selectorText(field.selector)];
  if (field.required === true) parts.unshift("required");
  if (typeof field.description === "string" && field.description !== "") parts.push(field.description);
  if (field.example !== undefined) parts.push(`example: ${JSON.stringify(field.example)}`);
  return parts.join("; ");
}

/** Fields of a service description, each in one line of words. */
function fieldsOf(description: Description): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof description.fields !== "object" || description.fields === null) return fields;
  for (const [key, field] of Object.entries(description.fields as Record<string, Field>)) {
    // A collapsed section (`advanced_fields`) groups fields under `fields` of its own.
    const nested = (field as { fields?: unknown }).fields;
    if (typeof nested === "object" && nested !== null) Object.assign(fields, fieldsOf({ fields: nested }));
    else fields[key] = fieldText(field);
  }
  return fields;
}

/** The services this agent may call on the entity: the gateway's `allowedServices` for its domain. */
export function servicesFor(
  devices: DevicesService,
  mirror: HaMirror,
  scope: AgentScope,
  entityId: string,
): ServiceText[] {
  const access = scope.access(entityId);
  if (access !== "control" && access !== "confirm") return [];
  const domain = domainOf(entityId);
  const allowed = devices.allowedServices(scope.deviceId, mirror.services())[domain] ?? {};
  return Object.entries(allowed).map(([service, raw]) => {
    const description = (raw ?? {}) as Description;
    const words = [description.name, description.description].filter((t) => typeof t === "string");
    return {
      service: `${domain}.${service}`,
      description: words.join(": "),
      needs_confirmation: access === "confirm",
      fields: fieldsOf(description),
    };
  });
}

/**
 * One entity for `get_entity`: its state and attributes exactly as the gateway gives them to a
 * device (`wire-states.ts`: credentials sanitised, ids of entities outside the scope removed),
 * where it is, and what the agent may call on it. null for an entity the agent may not see.
 */
export function describeEntity(
  devices: DevicesService,
  mirror: HaMirror,
  scope: AgentScope,
  entityId: string,
): Record<string, unknown> | null {
  const access = scope.access(entityId);
  const state = scope.state(entityId);
  if (access === null || state === undefined) return null;
  const cut = scopedState(state, scope.visible, mirror);
  const services = servicesFor(devices, mirror, scope, entityId);
  return {
    entity_id: entityId,
    name: nameOf(state, entityId),
    domain: domainOf(entityId),
    ...placeOf(mirror, entityId),
    state: stateText(state),
    last_changed: state.last_changed,
    attributes: safeAttributes(cut),
    may: MAY[access],
    services,
    ...(access === "confirm" ? { note: "Every call on this entity waits until the admin allows it." } : {}),
    ...(access === "read" ? { note: "This agent may read this entity but not change it." } : {}),
  };
}
