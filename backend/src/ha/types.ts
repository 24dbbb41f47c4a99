/**
 * Home Assistant's data as the mirror keeps it, in HA's own wire shapes (see
 * home-assistant-js-websocket `types.ts` and the registry list commands). Other capabilities
 * (pairing scopes, the device gateway, the admin API) read HA only through `HaMirror`.
 */

export interface HaContext {
  id: string;
  parent_id: string | null;
  user_id: string | null;
}

export interface HaState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
  context: HaContext;
}

/** `config/area_registry/list` entries (fields HAsync uses; others are kept as received). */
export interface HaArea {
  area_id: string;
  name: string;
  floor_id?: string | null;
  icon?: string | null;
  aliases?: string[];
  labels?: string[];
  picture?: string | null;
  [key: string]: unknown;
}

/** `config/device_registry/list` entries. */
export interface HaDevice {
  id: string;
  area_id: string | null;
  name: string | null;
  name_by_user: string | null;
  manufacturer?: string | null;
  model?: string | null;
  labels?: string[];
  /** The parent device (a hub, a bridge): HA's device targets include its direct children. */
  via_device_id?: string | null;
  [key: string]: unknown;
}

/** `config/entity_registry/list` entries. An entity's own `area_id` overrides its device's. */
export interface HaEntityEntry {
  entity_id: string;
  device_id: string | null;
  area_id: string | null;
  name: string | null;
  original_name?: string | null;
  platform: string;
  icon?: string | null;
  hidden_by?: string | null;
  disabled_by?: string | null;
  entity_category?: string | null;
  labels?: string[];
  [key: string]: unknown;
}

export interface HaFloor {
  floor_id: string;
  name: string;
  level?: number | null;
  [key: string]: unknown;
}

export interface HaLabel {
  label_id: string;
  name: string;
  [key: string]: unknown;
}

/** `get_config` result (subset HAsync passes on; the rest is kept as received). */
export interface HaConfig {
  location_name: string;
  version: string;
  time_zone: string;
  unit_system: Record<string, string>;
  currency?: string;
  latitude?: number;
  longitude?: number;
  elevation?: number;
  country?: string | null;
  language?: string;
  components?: string[];
  state?: string;
  [key: string]: unknown;
}

/** `get_services` result: domain → service → description. */
export type HaServices = Record<string, Record<string, unknown>>;

export interface CallServiceRequest {
  domain: string;
  service: string;
  service_data?: Record<string, unknown>;
  target?: {
    entity_id?: string | string[];
    device_id?: string | string[];
    area_id?: string | string[];
    floor_id?: string | string[];
    label_id?: string | string[];
  };
  return_response?: boolean;
}

/**
 * The non-entity part of a service call's target, as HA's `helpers/target.py` `TargetSelection`
 * reads it (ids already split into lists).
 */
export interface TargetSelection {
  device_ids: readonly string[];
  area_ids: readonly string[];
  floor_ids: readonly string[];
  label_ids: readonly string[];
}

/** How HAsync reaches Home Assistant. */
export type HaMode = "supervisor" | "url" | "demo";

/** `checks.home_assistant` in /health and the admin status. */
export type HaLinkState = "connecting" | "connected" | "auth_failed" | "demo";

export interface HaStatus {
  state: HaLinkState;
  mode: HaMode;
  /** Where HA is, for humans: never contains a token. */
  url: string;
  ha_version: string | null;
  /** True while the socket is up and the mirror is synced (also in demo mode). */
  connected: boolean;
  /** Last problem in words, e.g. "Home Assistant rejected the access token". */
  last_error: string | null;
  connected_since: string | null;
  entity_count: number;
  area_count: number;
}

/** One entity's change, after the mirror applied it. `newState` null = entity removed. */
export interface StateChange {
  entityId: string;
  oldState: HaState | null;
  newState: HaState | null;
}

/** Area membership of entities changed (registry update or resync). */
export interface AreaMembershipChange {
  /** entity_id → its resolved area before and after (null = no area). */
  moved: Array<{ entityId: string; from: string | null; to: string | null }>;
}

export interface HaMirrorEvents {
  /** Batched in HA's arrival order; consumers index by entity id. */
  states: (changes: readonly StateChange[]) => void;
  /** Area/device/entity/floor/label registry data changed (after the debounced re-fetch). */
  registries: (membership: AreaMembershipChange) => void;
  /** HA's service descriptions were (re)read; `previous` is what the mirror held before. */
  services: (previous: HaServices) => void;
  /** HA's configuration was (re)read (`core_config_updated`, a component loaded, a reconnect). */
  config: (previous: HaConfig | null) => void;
  status: (status: HaStatus) => void;
}

export interface HaMirror {
  status(): HaStatus;
  config(): HaConfig | null;
  services(): HaServices;
  getState(entityId: string): HaState | undefined;
  /** True when HA has an entity of this id: a state or an entity registry entry (a disabled one, too). */
  knowsEntity(entityId: string): boolean;
  allStates(): Iterable<HaState>;
  areas(): readonly HaArea[];
  devices(): readonly HaDevice[];
  entityEntries(): readonly HaEntityEntry[];
  floors(): readonly HaFloor[];
  labels(): readonly HaLabel[];
  /** The entity's resolved area: its own `area_id`, else its device's, else null. */
  areaOf(entityId: string): string | null;
  /** Entity ids (with a state) whose resolved area is `areaId`. */
  entitiesInArea(areaId: string): ReadonlySet<string>;
  deviceOf(entityId: string): string | null;
  /** Entity ids belonging to a device. */
  entitiesOfDevice(deviceId: string): ReadonlySet<string>;
  /** The registry entry of an entity, if it has one (names, hidden/disabled flags, labels). */
  entityEntry(entityId: string): HaEntityEntry | undefined;
  /**
   * Entity ids HA would reach through device, area, floor and label targets (registry entries,
   * with or without a state), per `helpers/target.py async_extract_referenced_entity_ids`.
   */
  indirectlyReferenced(selection: TargetSelection): ReadonlySet<string>;
  /** Domains that have at least one entity registry entry. */
  registryDomains(): ReadonlySet<string>;
  /**
   * Cheap per-entity subscription (an index, not a scan per event): the listener gets every
   * change of that entity. Returns an unsubscribe function.
   */
  watchEntity(entityId: string, listener: (change: StateChange) => void): () => void;
  on<E extends keyof HaMirrorEvents>(event: E, listener: HaMirrorEvents[E]): () => void;
  /** Forwards a service call to HA; rejects with HaCommandError on HA's error result. */
  callService(request: CallServiceRequest): Promise<unknown>;
}

/** HA answered a command with `success: false`. */
export class HaCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HaCommandError";
  }
}

/** A REST request HAsync makes to HA's own API with its own token (camera images, history). */
export interface HaRequestInit {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request and its streamed body (the device went away). */
  signal?: AbortSignal;
}

/** A forwarded subscription (history/stream, logbook/event_stream); `unsubscribe()` ends it at HA. */
export interface HaForwardedSubscription {
  unsubscribe(): void;
}

/**
 * Reaching Home Assistant for what the mirror does not keep: recorded history, the logbook,
 * statistics, camera images. Callers decide what may be asked (in-scope entity ids only) and cut
 * every answer again; this only carries the request.
 */
export interface HaForwarder {
  /** One WebSocket command; resolves with its `result`, rejects with HaCommandError. */
  command(message: { type: string; [key: string]: unknown }, timeoutMs?: number): Promise<unknown>;
  /**
   * A WebSocket subscription whose events go to `onEvent`. `onResult` hears HA's answer to the
   * subscribe (null = accepted) and every failure, including the link going down: the caller ends
   * its device's stream then, since HA's stream state is gone.
   */
  subscribe(
    message: { type: string; [key: string]: unknown },
    onEvent: (event: unknown) => void,
    onResult: (error: Error | null) => void,
  ): HaForwardedSubscription;
  /** `path` starts with `/api/`; the response body is streamed, never buffered here. */
  request(path: string, init?: HaRequestInit): Promise<Response>;
}
