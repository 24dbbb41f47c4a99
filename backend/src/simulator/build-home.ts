import { createHash } from "node:crypto";
import { AREA_SENSORS, AREAS, DEVICES, type DeviceRow, FLOORS, LABELS, LOCATION } from "./home.js";
import type { DriftSpec, EntityRow } from "./home-entities.js";
import { ENTITIES, TEMP } from "./home-entities.js";
import { type Random, randomHex } from "./random.js";
import type { SimArea, SimDevice, SimEntityEntry, SimFloor, SimLabel } from "./types.js";

/** Everything a fresh demo HA starts with: registries, initial states, and which sensors drift. */
export interface HomeSeed {
  floors: SimFloor[];
  areas: SimArea[];
  labels: SimLabel[];
  devices: SimDevice[];
  entries: SimEntityEntry[];
  states: Array<{ entityId: string; state: string; attributes: Record<string, unknown> }>;
  drifters: Map<string, DriftSpec>;
  /** Synthetic sensors (benchmarks drive them with the event rate). */
  synthetic: string[];
}

/** Registry rows were "created" at a fixed time so the home is the same on every run. */
const CREATED_AT = 1767225600;
const SYNTHETIC_PER_DEVICE = 10;
const SYNTHETIC_OVERRIDE_EVERY = 7;

/** Stable 32-hex ids (like HA's uuid4 hex) derived from a name, not from the seed. */
export function stableId(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}

export function buildHome(random: Random, extraEntities: number): HomeSeed {
  const seed: HomeSeed = {
    floors: FLOORS.map((f) => ({ ...f, aliases: [], created_at: CREATED_AT, modified_at: CREATED_AT })),
    areas: AREAS.map(toArea),
    labels: LABELS.map((l) => ({ ...l, description: null, created_at: CREATED_AT, modified_at: CREATED_AT })),
    devices: DEVICES.map(toDevice),
    entries: [],
    states: [],
    drifters: new Map(),
    synthetic: [],
  };
  const cameraToken = randomHex(random, 64);
  for (const row of ENTITIES) addRow(seed, withSecrets(row, cameraToken));
  addSynthetic(seed, random, extraEntities);
  return seed;
}

function toArea(row: (typeof AREAS)[number]): SimArea {
  const sensors = AREA_SENSORS[row.area_id] ?? {};
  return {
    ...row,
    picture: null,
    aliases: [],
    labels: [],
    humidity_entity_id: sensors.humidity ?? null,
    temperature_entity_id: sensors.temperature ?? null,
    created_at: CREATED_AT,
    modified_at: CREATED_AT,
  };
}

/** Zigbee and Z-Wave devices are known by their radio address, the rest by a network MAC. */
const RADIO = new Set(["zha", "zwave_js"]);

/**
 * A device's hardware address, as integrations report it in `connections` and build unique ids
 * from (a Zigbee IEEE address, a MAC): derived from its key, so the home is the same on every run.
 * Cloud services have none.
 */
function addressOf(row: DeviceRow): string | null {
  if (row.service) return null;
  const bytes = stableId(`address:${row.key}`).slice(0, RADIO.has(row.integration) ? 16 : 12);
  return bytes.match(/../g)?.join(":") ?? null;
}

function toDevice(row: DeviceRow): SimDevice {
  const entry = stableId(`entry:${row.integration}`);
  const address = addressOf(row);
  const local = address !== null && !RADIO.has(row.integration);
  return {
    id: stableId(`device:${row.key}`),
    area_id: row.area,
    name: row.name,
    name_by_user: null,
    manufacturer: row.manufacturer,
    model: row.model,
    model_id: null,
    sw_version: row.service ? null : "1.4.2",
    hw_version: null,
    serial_number: address === null ? null : stableId(`serial:${row.key}`).slice(0, 12).toUpperCase(),
    // A device with its own web page on the LAN (Shelly plugs) says where it is.
    configuration_url:
      row.integration === "shelly"
        ? `http://192.168.1.${(parseInt(entry.slice(0, 2), 16) % 200) + 20}`
        : null,
    config_entries: [entry],
    config_entries_subentries: { [entry]: [null] },
    connections: address === null ? [] : [[RADIO.has(row.integration) ? "zigbee" : "mac", address]],
    identifiers: [[row.integration, local || address === null ? row.key : address]],
    disabled_by: null,
    entry_type: row.service ? "service" : null,
    labels: [],
    primary_config_entry: entry,
    via_device_id: null,
    created_at: CREATED_AT,
    modified_at: CREATED_AT,
  };
}

/** The camera's token is per instance, like HA's rotating camera access tokens. */
function withSecrets(row: EntityRow, cameraToken: string): EntityRow {
  if (!row.id.startsWith("camera.")) return row;
  const picture = `/api/camera_proxy/${row.id}?token=${cameraToken}`;
  return { ...row, attributes: { ...row.attributes, access_token: cameraToken, entity_picture: picture } };
}

function platformOf(row: EntityRow): string {
  const device = DEVICES.find((d) => d.key === row.device);
  if (device) return device.integration;
  const domain = row.id.split(".")[0] ?? "";
  return domain === "scene" ? "homeassistant" : domain;
}

function addRow(seed: HomeSeed, row: EntityRow): void {
  seed.states.push({
    entityId: row.id,
    state: row.state,
    attributes: { ...row.attributes, friendly_name: row.name },
  });
  if (row.drift) seed.drifters.set(row.id, row.drift);
  if (row.unregistered) return;
  const platform = platformOf(row);
  seed.entries.push(
    entityEntry(row.id, platform, {
      device_id: row.device ? stableId(`device:${row.device}`) : null,
      area_id: row.area ?? null,
      original_name: row.name,
      entity_category: row.category ?? null,
      labels: row.labels ?? [],
      config_entry_id: row.device ? stableId(`entry:${platform}`) : null,
      ...uniqueIdFrom(row),
      ...ADMIN_SETTINGS[row.id],
    }),
  );
}

/**
 * What an admin sets on entities in HA's settings pages, stored in the entity registry: a lock's
 * default code, which voice assistants see it, a category on the scenes page.
 */
const ADMIN_SETTINGS: Record<string, Partial<SimEntityEntry>> = {
  "lock.front_door": {
    options: { lock: { default_code: "4711" }, conversation: { should_expose: false } },
  },
  "scene.movie_night": { categories: { scene: "01JD2N0SC3NECAT3G0RY000000" } },
};

/** Integrations build unique ids from the device's address, as ZHA's `<ieee>-<endpoint>-<cluster>`. */
function uniqueIdFrom(row: EntityRow): Partial<SimEntityEntry> {
  const device = DEVICES.find((d) => d.key === row.device);
  const address = device ? addressOf(device) : null;
  return address === null ? {} : { unique_id: `${address}-${stableId(row.id).slice(0, 4)}` };
}

export function entityEntry(
  entityId: string,
  platform: string,
  fields: Partial<SimEntityEntry>,
): SimEntityEntry {
  return {
    id: stableId(`entity:${entityId}`),
    entity_id: entityId,
    unique_id: stableId(`unique:${entityId}`),
    platform,
    device_id: null,
    area_id: null,
    config_entry_id: null,
    config_subentry_id: null,
    name: null,
    original_name: null,
    icon: null,
    entity_category: null,
    disabled_by: null,
    hidden_by: null,
    has_entity_name: false,
    translation_key: null,
    labels: [],
    categories: {},
    options: {},
    created_at: CREATED_AT,
    modified_at: CREATED_AT,
    ...fields,
  };
}

/**
 * Benchmark load: N temperature sensors, ten per synthetic hub device, hubs spread over the areas;
 * every seventh sensor overrides its hub's area so the area rule stays exercised at scale.
 */
function addSynthetic(seed: HomeSeed, random: Random, count: number): void {
  for (let i = 0; i < count; i++) {
    const hub = Math.floor(i / SYNTHETIC_PER_DEVICE);
    if (i % SYNTHETIC_PER_DEVICE === 0) {
      const area = AREAS[hub % AREAS.length]?.area_id ?? null;
      const name = `Sensor Hub ${hub + 1}`;
      const row = { key: `synthetic_hub_${hub}`, name, area, manufacturer: "HAsync", model: "Synthetic Hub" };
      seed.devices.push(toDevice({ ...row, integration: "demo" }));
    }
    const entityId = `sensor.synthetic_${i + 1}`;
    const value = (15 + random() * 10).toFixed(1);
    const name = `Synthetic Sensor ${i + 1}`;
    seed.states.push({ entityId, state: value, attributes: { ...TEMP, friendly_name: name } });
    const override = i % SYNTHETIC_OVERRIDE_EVERY === SYNTHETIC_OVERRIDE_EVERY - 1;
    seed.entries.push(
      entityEntry(entityId, "demo", {
        device_id: stableId(`device:synthetic_hub_${hub}`),
        area_id: override ? (AREAS[(hub + 3) % AREAS.length]?.area_id ?? null) : null,
        original_name: name,
        config_entry_id: stableId("entry:demo"),
      }),
    );
    seed.synthetic.push(entityId);
  }
}

const CORE_COMPONENTS = [
  "api",
  "auth",
  "config",
  "frontend",
  "history",
  "homeassistant",
  "http",
  "logbook",
  "usage_prediction",
  "websocket_api",
];

/** `get_config` / `GET /api/config`: HA's `Config.as_dict()`, including the URLs HA knows itself by. */
export function haConfig(version: string): Record<string, unknown> {
  const components = new Set(CORE_COMPONENTS);
  for (const row of ENTITIES) components.add(row.id.split(".")[0] ?? "");
  for (const device of DEVICES) components.add(device.integration);
  return {
    ...LOCATION,
    components: [...components].sort(),
    config_dir: "/config",
    allowlist_external_dirs: ["/media", "/config/www"],
    allowlist_external_urls: [],
    version,
    config_source: "storage",
    recovery_mode: false,
    state: "RUNNING",
    safe_mode: false,
    debug: false,
  };
}
