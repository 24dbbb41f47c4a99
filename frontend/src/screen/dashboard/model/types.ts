import type { HassEntity } from "home-assistant-js-websocket";

/**
 * The registry shapes the dashboard reads, as HAsync answers them scoped (backend/src/registries)
 * and as HA's frontend types them (src/data/entity/entity_registry.ts EntityRegistryDisplayEntry,
 * src/data/device/device_registry.ts, src/data/area/area_registry.ts, src/data/floor_registry.ts).
 * Only the fields the dashboard uses.
 */
export interface DisplayEntry {
  /** entity_id */
  ei: string;
  /** device_id */
  di?: string;
  /** area_id (the entity's own; overrides its device's) */
  ai?: string;
  /** registry icon, set by the user */
  ic?: string;
  /** registry name (`name ?? original_name`) */
  en?: string;
  /** display precision of a sensor */
  dp?: number;
  /** platform and translation key (which icon set an integration gives it) */
  pl?: string;
  tk?: string;
}

export interface DisplayList {
  entities: DisplayEntry[];
}

export interface DeviceEntry {
  id: string;
  area_id: string | null;
  name: string | null;
  name_by_user: string | null;
}

export interface AreaEntry {
  area_id: string;
  name: string;
  floor_id: string | null;
}

export interface FloorEntry {
  floor_id: string;
  name: string;
}

/** The registries keyed as HA's frontend keeps them in `hass.entities`/`hass.devices`. */
export interface Registries {
  entities: Record<string, DisplayEntry>;
  devices: Record<string, DeviceEntry>;
  /** In the order HA lists them (its registry order, which the admin can rearrange). */
  areas: AreaEntry[];
  floors: FloorEntry[];
}

export const EMPTY_REGISTRIES: Registries = { entities: {}, devices: {}, areas: [], floors: [] };

export type Entity = HassEntity;

export const domainOf = (entityId: string): string => entityId.slice(0, entityId.indexOf("."));
