import type { StateChange } from "../ha/types.js";
import { resolveScope, type ScopeView, scopeIncludes } from "./scope.js";
import type { DeviceRecord, ScopeChange } from "./types.js";

/**
 * Each device's live resolved scope: the entity ids it may see now. Re-resolved when registries
 * change or a scope is edited, and kept up to date incrementally as entities come and go
 * (ordinary state updates change nothing here). `changed` hears what entered and left a device's
 * set, and whether the admin's list should hear of it too (not for the admin's own edit, which
 * answers with the device).
 */
export class ResolvedScopes {
  private readonly sets = new Map<string, Set<string>>();

  constructor(
    private readonly view: ScopeView,
    private readonly changed: (change: ScopeChange, tellAdmin: boolean) => void,
  ) {}

  of(deviceId: string): ReadonlySet<string> | undefined {
    return this.sets.get(deviceId);
  }

  /** Resolves a device's scope afresh, telling no one (start-up, a new device). */
  add(device: DeviceRecord): void {
    this.sets.set(device.id, resolveScope(device.scope, this.view));
  }

  delete(deviceId: string): void {
    this.sets.delete(deviceId);
  }

  /** Re-resolves a device's scope; an edited scope is always announced (its access may differ). */
  recompute(device: DeviceRecord, scopeEdited: boolean): void {
    const before = this.sets.get(device.id) ?? new Set<string>();
    const after = resolveScope(device.scope, this.view);
    const added = [...after].filter((id) => !before.has(id));
    const removed = [...before].filter((id) => !after.has(id));
    this.sets.set(device.id, after);
    if (added.length === 0 && removed.length === 0 && !scopeEdited) return;
    this.changed({ deviceId: device.id, added, removed, scope: device.scope }, !scopeEdited);
  }

  /** Entities appearing or disappearing change scopes; ordinary state updates do not. */
  onStates(devices: Iterable<DeviceRecord>, changes: readonly StateChange[]): void {
    const appeared: string[] = [];
    const vanished: string[] = [];
    for (const change of changes) {
      if (change.oldState === null && change.newState !== null) appeared.push(change.entityId);
      else if (change.newState === null) vanished.push(change.entityId);
    }
    if (appeared.length === 0 && vanished.length === 0) return;
    for (const device of devices) {
      const set = this.sets.get(device.id);
      if (!set) continue;
      const added = appeared.filter((id) => !set.has(id) && scopeIncludes(device.scope, this.view, id));
      const removed = vanished.filter((id) => set.has(id));
      for (const id of added) set.add(id);
      for (const id of removed) set.delete(id);
      if (added.length > 0 || removed.length > 0)
        this.changed({ deviceId: device.id, added, removed, scope: device.scope }, true);
    }
  }
}
