import type { MirrorStore } from "./mirror-store.js";
import type {
  HaArea,
  HaConfig,
  HaDevice,
  HaEntityEntry,
  HaFloor,
  HaLabel,
  HaMirrorEvents,
  HaServices,
  HaState,
  StateChange,
  TargetSelection,
} from "./types.js";

/**
 * The read side of `HaMirror`, answered from the store: every call is a lookup in data the link
 * keeps in sync, never a request to Home Assistant. `HaLink` adds the connection on top.
 */
export abstract class MirrorReads {
  protected abstract readonly store: MirrorStore;

  config(): HaConfig | null {
    return this.store.config;
  }
  services(): HaServices {
    return this.store.services;
  }
  getState(entityId: string): HaState | undefined {
    return this.store.getState(entityId);
  }
  knowsEntity(entityId: string): boolean {
    return this.store.getState(entityId) !== undefined || this.store.registries.entry(entityId) !== undefined;
  }
  allStates(): Iterable<HaState> {
    return this.store.allStates();
  }
  areas(): readonly HaArea[] {
    return this.store.registries.data.areas;
  }
  devices(): readonly HaDevice[] {
    return this.store.registries.data.devices;
  }
  entityEntries(): readonly HaEntityEntry[] {
    return this.store.registries.data.entities;
  }
  floors(): readonly HaFloor[] {
    return this.store.registries.data.floors;
  }
  labels(): readonly HaLabel[] {
    return this.store.registries.data.labels;
  }
  areaOf(entityId: string): string | null {
    return this.store.registries.areaOf(entityId);
  }
  entitiesInArea(areaId: string): ReadonlySet<string> {
    return this.store.registries.entitiesInArea(areaId);
  }
  deviceOf(entityId: string): string | null {
    return this.store.registries.deviceOf(entityId);
  }
  entitiesOfDevice(deviceId: string): ReadonlySet<string> {
    return this.store.registries.entitiesOfDevice(deviceId);
  }
  /** The registry entry of an entity, if it has one (names, hidden/disabled flags). */
  entityEntry(entityId: string): HaEntityEntry | undefined {
    return this.store.registries.entry(entityId);
  }
  indirectlyReferenced(selection: TargetSelection): ReadonlySet<string> {
    return this.store.registries.indirectlyReferenced(selection);
  }
  registryDomains(): ReadonlySet<string> {
    return this.store.registries.domains;
  }
  watchEntity(entityId: string, listener: (change: StateChange) => void): () => void {
    return this.store.watchEntity(entityId, listener);
  }
  on<E extends keyof HaMirrorEvents>(event: E, listener: HaMirrorEvents[E]): () => void {
    return this.store.events.on(event, listener);
  }
}
