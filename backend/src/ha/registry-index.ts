import type { AreaMembershipChange, HaArea, HaDevice, HaEntityEntry, HaFloor, HaLabel } from "./types.js";

export interface Registries {
  areas: HaArea[];
  devices: HaDevice[];
  entities: HaEntityEntry[];
  floors: HaFloor[];
  labels: HaLabel[];
}

export const EMPTY_REGISTRIES: Registries = { areas: [], devices: [], entities: [], floors: [], labels: [] };

const EMPTY_SET: ReadonlySet<string> = new Set();

/**
 * The registries with their lookups precomputed, rebuilt on every registry fetch (rare) so the
 * per-event questions — which area, which device, who is in this area — are map reads.
 * HA's rule: an entity's own `area_id` overrides its device's.
 */
export class RegistryIndex {
  readonly data: Registries;
  private readonly entries = new Map<string, HaEntityEntry>();
  private readonly resolvedArea = new Map<string, string | null>();
  private readonly byDevice = new Map<string, Set<string>>();
  /** area → entity ids that have a state; kept current as states come and go. */
  private readonly byArea = new Map<string, Set<string>>();

  constructor(data: Registries, entityIdsWithState: Iterable<string>) {
    this.data = data;
    const deviceArea = new Map(data.devices.map((d) => [d.id, d.area_id ?? null]));
    for (const entry of data.entities) {
      this.entries.set(entry.entity_id, entry);
      const viaDevice = entry.device_id === null ? null : (deviceArea.get(entry.device_id) ?? null);
      this.resolvedArea.set(entry.entity_id, entry.area_id ?? viaDevice);
      if (entry.device_id !== null) addTo(this.byDevice, entry.device_id, entry.entity_id);
    }
    for (const entityId of entityIdsWithState) this.stateAdded(entityId);
  }

  areaOf(entityId: string): string | null {
    return this.resolvedArea.get(entityId) ?? null;
  }

  deviceOf(entityId: string): string | null {
    return this.entries.get(entityId)?.device_id ?? null;
  }

  entry(entityId: string): HaEntityEntry | undefined {
    return this.entries.get(entityId);
  }

  entitiesInArea(areaId: string): ReadonlySet<string> {
    return this.byArea.get(areaId) ?? EMPTY_SET;
  }

  entitiesOfDevice(deviceId: string): ReadonlySet<string> {
    return this.byDevice.get(deviceId) ?? EMPTY_SET;
  }

  stateAdded(entityId: string): void {
    const area = this.areaOf(entityId);
    if (area !== null) addTo(this.byArea, area, entityId);
  }

  stateRemoved(entityId: string): void {
    const area = this.areaOf(entityId);
    if (area !== null) this.byArea.get(area)?.delete(entityId);
  }

  /** Entities whose resolved area differs between two indexes, in a stable order. */
  movesSince(previous: RegistryIndex): AreaMembershipChange["moved"] {
    const ids = new Set([...previous.resolvedArea.keys(), ...this.resolvedArea.keys()]);
    const moved: AreaMembershipChange["moved"] = [];
    for (const entityId of [...ids].sort()) {
      const from = previous.areaOf(entityId);
      const to = this.areaOf(entityId);
      if (from !== to) moved.push({ entityId, from, to });
    }
    return moved;
  }
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (set === undefined) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}
