import type { HaMirror } from "../ha/types.js";

/**
 * Which registry items one device may see, derived from its resolved entity scope: the devices
 * and (resolved) areas of its entities, the floors of those areas, and the labels on any of them.
 * Everything else in HA's registries is hidden, and hidden means absent: no answer or event may
 * name it, not even as a reference inside a visible entry.
 */
export class RegistryScope {
  readonly devices = new Set<string>();
  readonly areas = new Set<string>();
  readonly floors = new Set<string>();
  readonly labels = new Set<string>();

  constructor(
    mirror: HaMirror,
    /** The device's resolved entity scope. */
    readonly entities: ReadonlySet<string>,
  ) {
    const labelsOnItems = new Set<string>();
    for (const entityId of entities) {
      const deviceId = mirror.deviceOf(entityId);
      if (deviceId !== null) this.devices.add(deviceId);
      const areaId = mirror.areaOf(entityId);
      if (areaId !== null) this.areas.add(areaId);
      for (const label of mirror.entityEntry(entityId)?.labels ?? []) labelsOnItems.add(label);
    }
    for (const device of mirror.devices()) {
      if (this.devices.has(device.id)) for (const label of device.labels ?? []) labelsOnItems.add(label);
    }
    for (const area of mirror.areas()) {
      if (!this.areas.has(area.area_id)) continue;
      if (typeof area.floor_id === "string") this.floors.add(area.floor_id);
      for (const label of area.labels ?? []) labelsOnItems.add(label);
    }
    // Only labels HA actually has: a dangling id in an entry names nothing the device could list.
    for (const label of mirror.labels())
      if (labelsOnItems.has(label.label_id)) this.labels.add(label.label_id);
    for (const floor of [...this.floors]) {
      if (!mirror.floors().some((f) => f.floor_id === floor)) this.floors.delete(floor);
    }
  }

  /** `value` if it names a visible item of `set`, else null (HA's "not set"). */
  static keep(set: ReadonlySet<string>, value: unknown): string | null {
    return typeof value === "string" && set.has(value) ? value : null;
  }

  /** The visible labels of an item's label list, in HA's order. */
  visibleLabels(labels: unknown): string[] {
    return Array.isArray(labels)
      ? labels.filter((label): label is string => typeof label === "string" && this.labels.has(label))
      : [];
  }
}
