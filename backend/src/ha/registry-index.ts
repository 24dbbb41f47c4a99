import type {
  AreaMembershipChange,
  HaArea,
  HaDevice,
  HaEntityEntry,
  HaFloor,
  HaLabel,
  TargetSelection,
} from "./types.js";

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
  /** The registry links HA's target expansion walks (see `indirectlyReferenced`). */
  private readonly targets = new TargetLinks();

  constructor(data: Registries, entityIdsWithState: Iterable<string>) {
    this.data = data;
    const deviceArea = new Map(data.devices.map((d) => [d.id, d.area_id ?? null]));
    for (const entry of data.entities) {
      this.entries.set(entry.entity_id, entry);
      const viaDevice = entry.device_id === null ? null : (deviceArea.get(entry.device_id) ?? null);
      this.resolvedArea.set(entry.entity_id, entry.area_id ?? viaDevice);
      if (entry.device_id !== null) addTo(this.byDevice, entry.device_id, entry.entity_id);
    }
    this.targets.index(data);
    for (const entityId of entityIdsWithState) this.stateAdded(entityId);
  }

  /**
   * What HA reaches through device, area, floor and label targets, following
   * `homeassistant/helpers/target.py async_extract_referenced_entity_ids`: floors and labelled
   * areas add areas; labelled devices and targeted devices add themselves and their child devices;
   * a device's entities, an area's own entities and the entities of the area's devices that have
   * no area of their own are reached, but never hidden entities nor config/diagnostic ones
   * (`primary_entities_only`); a labelled entity is reached unless hidden. Registry entries only,
   * with or without a state: the caller keeps those that exist.
   */
  indirectlyReferenced(selection: TargetSelection): Set<string> {
    const links = this.targets;
    const devices = new Set<string>();
    const areas = new Set(selection.area_ids);
    const out = new Set<string>();
    const addDevice = (id: string) => {
      devices.add(id);
      for (const child of links.children.get(id) ?? EMPTY_SET) devices.add(child);
    };
    for (const id of selection.device_ids) addDevice(id);
    for (const label of selection.label_ids) {
      for (const id of links.entitiesByLabel.get(label) ?? EMPTY_SET)
        if (!this.entries.get(id)?.hidden_by) out.add(id);
      for (const id of links.devicesByLabel.get(label) ?? EMPTY_SET) addDevice(id);
      for (const id of links.areasByLabel.get(label) ?? EMPTY_SET) areas.add(id);
    }
    for (const floor of selection.floor_ids)
      for (const id of links.areasByFloor.get(floor) ?? EMPTY_SET) areas.add(id);
    const primary = (id: string) => {
      const entry = this.entries.get(id);
      return entry !== undefined && !entry.hidden_by && !entry.entity_category;
    };
    for (const device of devices)
      for (const id of this.entitiesOfDevice(device)) if (primary(id)) out.add(id);
    for (const area of areas) {
      for (const id of links.entitiesByOwnArea.get(area) ?? EMPTY_SET) if (primary(id)) out.add(id);
      for (const device of links.devicesByArea.get(area) ?? EMPTY_SET) {
        for (const id of this.entitiesOfDevice(device))
          if (primary(id) && !this.entries.get(id)?.area_id) out.add(id);
      }
    }
    return out;
  }

  /** Domains with at least one registry entry. */
  get domains(): ReadonlySet<string> {
    return this.targets.domains;
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

/** The registry relations HA's target expansion follows, as lookups built once per fetch. */
class TargetLinks {
  readonly children = new Map<string, Set<string>>();
  readonly devicesByArea = new Map<string, Set<string>>();
  readonly devicesByLabel = new Map<string, Set<string>>();
  readonly entitiesByOwnArea = new Map<string, Set<string>>();
  readonly entitiesByLabel = new Map<string, Set<string>>();
  readonly areasByLabel = new Map<string, Set<string>>();
  readonly areasByFloor = new Map<string, Set<string>>();
  readonly domains = new Set<string>();

  index(data: Registries): void {
    for (const device of data.devices) {
      if (typeof device.via_device_id === "string") addTo(this.children, device.via_device_id, device.id);
      if (device.area_id) addTo(this.devicesByArea, device.area_id, device.id);
      for (const label of device.labels ?? []) addTo(this.devicesByLabel, label, device.id);
    }
    for (const entry of data.entities) {
      if (entry.area_id) addTo(this.entitiesByOwnArea, entry.area_id, entry.entity_id);
      for (const label of entry.labels ?? []) addTo(this.entitiesByLabel, label, entry.entity_id);
      this.domains.add(entry.entity_id.slice(0, entry.entity_id.indexOf(".")));
    }
    for (const area of data.areas) {
      if (area.floor_id) addTo(this.areasByFloor, area.floor_id, area.area_id);
      for (const label of area.labels ?? []) addTo(this.areasByLabel, label, area.area_id);
    }
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
