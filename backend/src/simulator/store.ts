import type { HomeSeed } from "./build-home.js";
import { BusEvent, type BusListener, haTime } from "./bus.js";
import { type StoredState, sameValue } from "./compressed.js";
import { ulid } from "./random.js";
import type { SimArea, SimContext, SimDevice, SimEntityEntry, SimFloor, SimLabel } from "./types.js";

/** A test hook named something the demo home does not have. */
export class SimulatorError extends Error {
  override name = "SimulatorError";
}

/** The id of the demo's owner user; service-call contexts carry it like a real token's user. */
export const DEMO_USER_ID = "5f3c0f9a2b1e4d7c8a6b4e2d1c0b9a87";

export function newContext(userId: string | null = null, parentId: string | null = null): SimContext {
  return { id: ulid(), parent_id: parentId, user_id: userId };
}

function sameAttributes(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => key in b && sameValue(a[key], b[key]));
}

/** The old values of the fields `fields` changes, or null when it changes none. */
function oldValues<T extends object>(item: T, fields: Partial<T>): Record<string, unknown> | null {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const old = (item as Record<string, unknown>)[key];
    if (!sameValue(old, value)) changes[key] = old;
  }
  return Object.keys(changes).length > 0 ? changes : null;
}

/**
 * The demo HA's state machine, registries and event bus (HA core's `StateMachine`, the
 * area/device/entity registries and `EventBus`, in one small object). Every change goes through
 * here and is announced on the bus; connections only listen.
 */
export class HomeStore {
  readonly floors: SimFloor[];
  readonly areas: SimArea[];
  readonly labels: SimLabel[];
  private readonly states = new Map<string, StoredState>();
  private readonly devices = new Map<string, SimDevice>();
  private readonly entries = new Map<string, SimEntityEntry>();
  private readonly listeners = new Set<BusListener>();

  constructor(
    seed: HomeSeed,
    private readonly now: () => number = Date.now,
  ) {
    this.floors = seed.floors;
    this.areas = seed.areas;
    this.labels = seed.labels;
    for (const device of seed.devices) this.devices.set(device.id, device);
    for (const entry of seed.entries) this.entries.set(entry.entity_id, entry);
    const context = newContext();
    for (const s of seed.states)
      this.states.set(s.entityId, this.stored(s.entityId, s.state, s.attributes, context));
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(
    eventType: string,
    data: Record<string, unknown>,
    context: SimContext = newContext(),
    origin: "LOCAL" | "REMOTE" = "LOCAL",
  ): BusEvent {
    return this.emit(new BusEvent(eventType, data, context, haTime(this.now()), undefined, origin));
  }

  getState(entityId: string): StoredState | undefined {
    return this.states.get(entityId);
  }

  allStates(): IterableIterator<StoredState> {
    return this.states.values();
  }

  get stateCount(): number {
    return this.states.size;
  }

  /**
   * HA's `async_set`: nothing happens when state and attributes are unchanged; last_changed moves
   * only when the state string changes. Returns the new state, or null when nothing changed.
   */
  setState(
    entityId: string,
    state: string,
    attributes: Record<string, unknown>,
    context: SimContext = newContext(),
  ): StoredState | null {
    const before = this.states.get(entityId) ?? null;
    const sameState = before?.wire.state === state;
    if (before && sameState && sameAttributes(before.wire.attributes, attributes)) return null;
    const after = this.stored(entityId, state, attributes, context, sameState ? before : null);
    this.states.set(entityId, after);
    this.emitChange(entityId, before, after, context);
    return after;
  }

  removeEntity(entityId: string): void {
    const entry = this.entries.get(entityId);
    const before = this.states.get(entityId);
    if (!entry && !before) throw new SimulatorError(`Unknown entity ${entityId}`);
    if (entry) {
      this.entries.delete(entityId);
      this.fire("entity_registry_updated", { action: "remove", entity_id: entityId });
    }
    if (before) {
      this.states.delete(entityId);
      this.emitChange(entityId, before, null, newContext());
    }
  }

  entry(entityId: string): SimEntityEntry | undefined {
    return this.entries.get(entityId);
  }

  device(deviceId: string): SimDevice | undefined {
    return this.devices.get(deviceId);
  }

  entryList(): SimEntityEntry[] {
    return [...this.entries.values()];
  }

  deviceList(): SimDevice[] {
    return [...this.devices.values()];
  }

  /** HA's area rule: the entity's own area_id, else its device's, else none. */
  areaOf(entityId: string): string | null {
    const entry = this.entries.get(entityId);
    if (!entry) return null;
    if (entry.area_id) return entry.area_id;
    return entry.device_id ? (this.devices.get(entry.device_id)?.area_id ?? null) : null;
  }

  moveEntityToArea(entityId: string, areaId: string | null): void {
    this.updateEntry(entityId, { area_id: areaId });
  }

  moveDeviceToArea(deviceId: string, areaId: string | null): void {
    this.updateDevice(deviceId, { area_id: areaId });
  }

  /** entity_registry.py `async_update_entity`: the event's `changes` hold the changed fields' old values. */
  updateEntry(entityId: string, fields: Partial<Omit<SimEntityEntry, "id" | "entity_id">>): void {
    const entry = this.entries.get(entityId);
    if (!entry) throw new SimulatorError(`No entity registry entry for ${entityId}`);
    if (fields.area_id !== undefined) this.checkArea(fields.area_id);
    const changes = oldValues(entry, fields);
    if (changes === null) return;
    this.entries.set(entityId, { ...entry, ...fields, modified_at: this.now() / 1000 });
    this.fire("entity_registry_updated", { action: "update", entity_id: entityId, changes });
  }

  /** device_registry.py `async_update_device`, likewise with the old values in `changes`. */
  updateDevice(deviceId: string, fields: Partial<Omit<SimDevice, "id">>): void {
    const device = this.devices.get(deviceId);
    if (!device) throw new SimulatorError(`Unknown device ${deviceId}`);
    if (fields.area_id !== undefined) this.checkArea(fields.area_id);
    const changes = oldValues(device, fields);
    if (changes === null) return;
    this.devices.set(deviceId, { ...device, ...fields, modified_at: this.now() / 1000 });
    this.fire("device_registry_updated", { action: "update", device_id: deviceId, changes });
  }

  /** area_registry.py `async_update`: its event names the area only. */
  updateArea(areaId: string, fields: Partial<Omit<SimArea, "area_id">>): void {
    const area = this.areas.find((a) => a.area_id === areaId);
    if (!area) throw new SimulatorError(`Unknown area ${areaId}`);
    if (oldValues(area, fields) === null) return;
    Object.assign(area, fields, { modified_at: this.now() / 1000 });
    this.fire("area_registry_updated", { action: "update", area_id: areaId });
  }

  /** label_registry.py `async_update`: its event names the label only. */
  updateLabel(labelId: string, fields: Partial<Omit<SimLabel, "label_id">>): void {
    const label = this.labels.find((l) => l.label_id === labelId);
    if (!label) throw new SimulatorError(`Unknown label ${labelId}`);
    if (oldValues(label, fields) === null) return;
    Object.assign(label, fields, { modified_at: this.now() / 1000 });
    this.fire("label_registry_updated", { action: "update", label_id: labelId });
  }

  private checkArea(areaId: string | null): void {
    if (areaId !== null && !this.areas.some((a) => a.area_id === areaId)) {
      throw new SimulatorError(`Unknown area ${areaId}`);
    }
  }

  private stored(
    entityId: string,
    state: string,
    attributes: Record<string, unknown>,
    context: SimContext,
    keepChanged: StoredState | null = null,
  ): StoredState {
    const ms = this.now();
    const iso = haTime(ms);
    const lc = keepChanged ? keepChanged.lc : ms / 1000;
    const wire = {
      entity_id: entityId,
      state,
      attributes: { ...attributes },
      last_changed: keepChanged ? keepChanged.wire.last_changed : iso,
      last_reported: iso,
      last_updated: iso,
      context,
    };
    return { wire, lc, lu: ms / 1000 };
  }

  private emitChange(
    entityId: string,
    before: StoredState | null,
    after: StoredState | null,
    context: SimContext,
  ) {
    const data = { entity_id: entityId, old_state: before?.wire ?? null, new_state: after?.wire ?? null };
    const event = new BusEvent("state_changed", data, context, haTime(this.now()), {
      entityId,
      before,
      after,
    });
    this.emit(event);
  }

  private emit(event: BusEvent): BusEvent {
    for (const listener of this.listeners) listener(event);
    return event;
  }
}
