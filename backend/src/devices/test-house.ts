import { type Scope, ScopeSchema } from "hasync";
import { type Registries, RegistryIndex } from "../ha/registry-index.js";
import type {
  CallServiceRequest,
  HaConfig,
  HaDevice,
  HaEntityEntry,
  HaServices,
  HaState,
} from "../ha/types.js";
import { authorizeServiceCall, type CallView, resolveScope, type ScopeView } from "./scope.js";

/**
 * A small house for the scope engine's unit tests, run through the real RegistryIndex:
 * kitchen and hall on the ground floor, a bedroom upstairs; a hub with a child device; hidden and
 * config entities; groups (one nesting a cycle) and scenes reaching into the hall; a script in no area.
 */
const device = (id: string, area: string | null, extra: Partial<HaDevice> = {}): HaDevice => ({
  id,
  area_id: area,
  name: id,
  name_by_user: null,
  ...extra,
});
const entry = (entity_id: string, fields: Partial<HaEntityEntry>): HaEntityEntry => ({
  entity_id,
  device_id: null,
  area_id: null,
  name: null,
  platform: "test",
  hidden_by: null,
  entity_category: null,
  labels: [],
  ...fields,
});

const REGISTRIES: Registries = {
  floors: [
    { floor_id: "ground", name: "Ground" },
    { floor_id: "first", name: "First" },
  ],
  areas: [
    { area_id: "kitchen", name: "Kitchen", floor_id: "ground", labels: [] },
    { area_id: "hall", name: "Hall", floor_id: "ground", labels: ["entrance"] },
    { area_id: "bedroom", name: "Bedroom", floor_id: "first", labels: [] },
  ],
  labels: [
    { label_id: "security", name: "Security" },
    { label_id: "entrance", name: "Entrance" },
    { label_id: "plugs", name: "Plugs" },
  ],
  devices: [
    device("kettle_plug", "kitchen", { labels: ["plugs"] }),
    device("kitchen_hub", "kitchen"),
    device("kitchen_sensor", "kitchen", { via_device_id: "kitchen_hub" }),
    device("hall_hub", "hall"),
  ],
  entities: [
    entry("light.kitchen", { area_id: "kitchen" }),
    entry("light.kitchen_hidden", { area_id: "kitchen", hidden_by: "user" }),
    entry("light.kitchen_group", { area_id: "kitchen" }),
    entry("switch.kettle", { device_id: "kettle_plug" }),
    entry("switch.kettle_child_lock", { device_id: "kettle_plug", entity_category: "config" }),
    entry("sensor.kitchen_temp", { device_id: "kitchen_sensor" }),
    entry("light.kitchen_sensor_led", { device_id: "kitchen_sensor" }),
    entry("light.hub_bedroom", { device_id: "kitchen_hub", area_id: "bedroom" }),
    entry("media_player.kitchen", { area_id: "kitchen" }),
    entry("scene.evening", { area_id: "kitchen" }),
    entry("scene.kitchen_only", { area_id: "kitchen" }),
    entry("light.hall", { device_id: "hall_hub" }),
    entry("lock.front_door", { device_id: "hall_hub", labels: ["security"] }),
    entry("lock.back_door", { area_id: "hall", labels: ["security"], hidden_by: "user" }),
    entry("media_player.hall", { area_id: "hall" }),
    entry("light.bedroom", { area_id: "bedroom" }),
  ],
};

const GROUP_ATTRIBUTES: Record<string, string[]> = {
  "light.kitchen_group": ["light.kitchen", "light.hall"],
  "group.downstairs": ["light.kitchen", "light.hall", "switch.kettle"],
  "group.loop_a": ["group.loop_b", "light.kitchen", "group.loop_a"],
  "group.loop_b": ["group.loop_a", "switch.kettle"],
  "group.with_hall": ["media_player.hall"],
  "scene.evening": ["light.kitchen", "lock.front_door"],
  "scene.kitchen_only": ["light.kitchen", "switch.kettle"],
};

const STATES = new Map<string, HaState>(
  [
    ...REGISTRIES.entities.map((e) => e.entity_id),
    ...Object.keys(GROUP_ATTRIBUTES),
    "light.unassigned",
    "script.good_night",
  ].map((id) => [
    id,
    {
      entity_id: id,
      state: "on",
      attributes: GROUP_ATTRIBUTES[id] ? { entity_id: GROUP_ATTRIBUTES[id] } : {},
      last_changed: "",
      last_updated: "",
      context: { id: "c", parent_id: null, user_id: null },
    },
  ]),
);

const entityService = { target: { entity: [{}] } };
const SERVICES: HaServices = {
  homeassistant: { turn_on: entityService, turn_off: entityService, toggle: entityService, restart: {} },
  light: { turn_on: entityService, turn_off: entityService, toggle: entityService },
  switch: { turn_on: entityService, turn_off: entityService, toggle: entityService },
  lock: { lock: entityService, unlock: entityService },
  media_player: { join: entityService, turn_on: entityService, turn_off: entityService },
  scene: { turn_on: entityService },
  script: { reload: {}, turn_on: entityService, good_night: { fields: {} } },
};

const CONFIG: HaConfig = {
  location_name: "Test house",
  version: "2026.11.3",
  time_zone: "UTC",
  unit_system: { temperature: "°C", length: "km" },
};

const index = new RegistryIndex(REGISTRIES, STATES.keys());

export const house: ScopeView & CallView = {
  getState: (id) => STATES.get(id),
  entityEntry: (id) => index.entry(id),
  entitiesInArea: (area) => index.entitiesInArea(area),
  entitiesOfDevice: (id) => index.entitiesOfDevice(id),
  areaOf: (id) => index.areaOf(id),
  indirectlyReferenced: (selection) => index.indirectlyReferenced(selection),
  registryDomains: () => index.domains,
  services: () => SERVICES,
  config: () => CONFIG,
};

export const scopeOf = (s: Partial<Scope>): Scope => ScopeSchema.parse({ access: "control", ...s });

/** Decides `request` for a scope over the house. */
export const decide = (s: Partial<Scope>, request: CallServiceRequest) =>
  authorizeServiceCall(scopeOf(s), resolveScope(scopeOf(s), house), request, house);

/** The entity ids an allowed call is rewritten to, sorted; the refusal reason otherwise. */
export function actedOnBy(s: Partial<Scope>, request: CallServiceRequest): string[] | string {
  const decision = decide(s, request);
  if (!decision.ok) return decision.reason;
  return [...(decision.request.target?.entity_id ?? [])].sort();
}
