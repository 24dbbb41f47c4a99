import type { CallServiceRequest } from "./types.js";

/**
 * Pure builders for the messages HAsync sends to Home Assistant, after home-assistant-js-websocket
 * `messages.ts`. The connection adds the `id`; nothing here has side effects.
 * Protocol: https://developers.home-assistant.io/docs/api/websocket
 */
export type HaOutgoing = { type: string; [key: string]: unknown };

export const auth = (accessToken: string) => ({ type: "auth", access_token: accessToken });

/** Lets HA pack several messages into one JSON array frame: fewer frames to read at high rates. */
export const supportedFeatures = (): HaOutgoing => ({
  type: "supported_features",
  features: { coalesce_messages: 1 },
});

export const ping = (): HaOutgoing => ({ type: "ping" });
export const getStates = (): HaOutgoing => ({ type: "get_states" });
export const getConfig = (): HaOutgoing => ({ type: "get_config" });
export const getServices = (): HaOutgoing => ({ type: "get_services" });

export const subscribeEntities = (entityIds?: string[]): HaOutgoing =>
  entityIds === undefined
    ? { type: "subscribe_entities" }
    : { type: "subscribe_entities", entity_ids: entityIds };

export const subscribeEvents = (eventType?: string): HaOutgoing =>
  eventType === undefined
    ? { type: "subscribe_events" }
    : { type: "subscribe_events", event_type: eventType };

export const unsubscribeEvents = (subscription: number): HaOutgoing => ({
  type: "unsubscribe_events",
  subscription,
});

export const callService = (request: CallServiceRequest): HaOutgoing => {
  const message: HaOutgoing = { type: "call_service", domain: request.domain, service: request.service };
  if (request.service_data !== undefined) message.service_data = request.service_data;
  if (request.target !== undefined) message.target = request.target;
  if (request.return_response !== undefined) message.return_response = request.return_response;
  return message;
};

export type RegistryName = "area" | "device" | "entity" | "floor" | "label";

export const registryList = (registry: RegistryName): HaOutgoing => ({
  type: `config/${registry}_registry/list`,
});

/** Registry events whose arrival means "re-fetch the registries". */
export const REGISTRY_EVENTS = [
  "area_registry_updated",
  "device_registry_updated",
  "entity_registry_updated",
  "floor_registry_updated",
  "label_registry_updated",
] as const;
