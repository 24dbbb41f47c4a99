import type { DeviceAccess } from "../devices/types.js";
import { scopedConfig } from "../gateway/views.js";
import type { HaMirror } from "../ha/types.js";
import { RegistryScope } from "../registries/scope.js";
import { type Entry, type ScopedRegistries, scopedRegistries } from "../registries/views.js";

/**
 * Everything about HA that one device may see and that HA announces with an event other than
 * `state_changed`: its registries, the services it may call, its config. Kept per subscribed
 * device (never per socket), so a change costs one diff per device.
 */
export interface DeviceView {
  registries: ScopedRegistries;
  /** "domain.service" the device may call. */
  services: ReadonlySet<string>;
  config: Record<string, unknown>;
  /** The HA dashboards the admin allows the device (`Device.dashboards`). */
  dashboards: ReadonlySet<string>;
}

/** An event as HA puts it on its bus: type and data (the frame adds origin, time and context). */
export interface BusEvent {
  event_type: string;
  data: Record<string, unknown>;
}

export function deviceView(mirror: HaMirror, access: DeviceAccess, deviceId: string): DeviceView {
  const visible = access.entitiesOf(deviceId);
  const services = new Set<string>();
  for (const [domain, described] of Object.entries(access.allowedServices(deviceId, mirror.services()))) {
    for (const service of Object.keys(described)) services.add(`${domain}.${service}`);
  }
  return {
    registries: scopedRegistries(mirror, visible),
    services,
    config: scopedConfig(mirror.config(), visible),
    dashboards: new Set(access.device(deviceId)?.dashboards ?? []),
  };
}

type Kind = keyof Omit<ScopedRegistries, "scope">;

/** HA's event type and the key its data names the item by (helpers/*_registry.py). */
const KINDS: ReadonlyArray<readonly [Kind, string, string]> = [
  ["floor", "floor_registry_updated", "floor_id"],
  ["label", "label_registry_updated", "label_id"],
  ["area", "area_registry_updated", "area_id"],
  ["device", "device_registry_updated", "device_id"],
  ["entity", "entity_registry_updated", "entity_id"],
];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** How an old value that names registry items is cut to the scope as it is now. */
const RECUT: Record<string, (scope: RegistryScope, value: unknown) => unknown> = {
  labels: (scope, value) => scope.visibleLabels(value),
  area_id: (scope, value) => RegistryScope.keep(scope.areas, value),
  device_id: (scope, value) => RegistryScope.keep(scope.devices, value),
  via_device_id: (scope, value) => RegistryScope.keep(scope.devices, value),
  floor_id: (scope, value) => RegistryScope.keep(scope.floors, value),
};

/**
 * HA's `changes` (the old values of the fields that changed), with every id in them cut to the
 * scope as it is now: an item that just left it is not named again. A rename's old `entity_id`
 * stays: HA names it in `old_entity_id` too, and the device held it.
 */
function changes(before: Entry, after: Entry, registries: ScopedRegistries): Entry {
  const out: Entry = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === "modified_at" || same(before[key], after[key])) continue;
    const recut = RECUT[key];
    out[key] = recut ? recut(registries.scope, before[key]) : before[key];
  }
  return out;
}

function updated(kind: Kind, key: string, before: Entry, after: Entry, now: ScopedRegistries): Entry {
  const data: Entry = { action: "update", [key]: after[key === "device_id" ? "id" : key] };
  // Entity and device updates carry `changes` in HA; area, floor and label updates name the item only.
  if (kind === "entity" || kind === "device") data.changes = changes(before, after, now);
  if (kind === "entity" && before.entity_id !== after.entity_id) data.old_entity_id = before.entity_id;
  return data;
}

/**
 * Registry events for what changed in the device's view: an item entering its scope is `create`,
 * leaving it `remove`, a visible item whose cut entry differs `update`. Creates and updates go
 * parents first (floors … entities), removes children first, so a client's collections never
 * hold an entry pointing at an item they do not have.
 */
function registryEvents(before: ScopedRegistries, after: ScopedRegistries): BusEvent[] {
  const upserts: BusEvent[] = [];
  const removes: BusEvent[] = [];
  for (const [kind, eventType, key] of KINDS) {
    const idOf = (entry: Entry) => entry[key === "device_id" ? "id" : key];
    const was = before[kind];
    const now = after[kind];
    for (const [id, entry] of now) {
      const old = was.get(id);
      if (old === undefined)
        upserts.push({ event_type: eventType, data: { action: "create", [key]: idOf(entry) } });
      else if (!same(old, entry))
        upserts.push({ event_type: eventType, data: updated(kind, key, old, entry, after) });
    }
    for (const [id, entry] of was) {
      if (!now.has(id))
        removes.unshift({ event_type: eventType, data: { action: "remove", [key]: idOf(entry) } });
    }
  }
  return [...upserts, ...removes];
}

function serviceEvents(before: ReadonlySet<string>, after: ReadonlySet<string>): BusEvent[] {
  const event = (type: string, name: string): BusEvent => {
    const dot = name.indexOf(".");
    return { event_type: type, data: { domain: name.slice(0, dot), service: name.slice(dot + 1) } };
  };
  const out: BusEvent[] = [];
  for (const name of after) if (!before.has(name)) out.push(event("service_registered", name));
  for (const name of before) if (!after.has(name)) out.push(event("service_removed", name));
  return out;
}

/**
 * `core_config_updated` with the changed fields' new values (core.py `Config.async_update` fires
 * its keyword arguments), and `component_loaded` per component newly in the device's config.
 * HA has no event for a component going away; a config the device re-reads after
 * `core_config_updated` no longer lists it, so that is sent when one leaves.
 */
function configEvents(before: Entry, after: Entry): BusEvent[] {
  const out: BusEvent[] = [];
  const data: Entry = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key !== "components" && !same(before[key], after[key])) data[key] = after[key] ?? null;
  }
  const was = new Set((before.components as string[] | undefined) ?? []);
  const now = (after.components as string[] | undefined) ?? [];
  const gone = [...was].some((component) => !now.includes(component));
  if (Object.keys(data).length > 0 || gone) out.push({ event_type: "core_config_updated", data });
  for (const component of now) {
    if (!was.has(component)) out.push({ event_type: "component_loaded", data: { component } });
  }
  return out;
}

/**
 * The device's panels changed (frontend/__init__.py fires `panels_updated` without data when one
 * is registered or removed), and each dashboard it gained or lost changed its config for it
 * (lovelace/dashboard.py `_config_updated`: `lovelace_updated` with the `url_path`), so an open
 * dashboard re-reads it.
 */
function dashboardEvents(before: ReadonlySet<string>, after: ReadonlySet<string>): BusEvent[] {
  const changed = [...after].filter((path) => !before.has(path));
  changed.push(...[...before].filter((path) => !after.has(path)));
  if (changed.length === 0) return [];
  return [
    { event_type: "panels_updated", data: {} },
    ...changed.map((path) => ({ event_type: "lovelace_updated", data: { url_path: path } })),
  ];
}

/** Every event that tells the device what changed between two of its views, in HA's order. */
export function diffViews(before: DeviceView, after: DeviceView): BusEvent[] {
  return [
    ...registryEvents(before.registries, after.registries),
    ...serviceEvents(before.services, after.services),
    ...configEvents(before.config, after.config),
    ...dashboardEvents(before.dashboards, after.dashboards),
  ];
}
