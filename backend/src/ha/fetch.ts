import type { HaConnection } from "./connection.js";
import * as messages from "./messages.js";
import type { Registries } from "./registry-index.js";
import { HaCommandError, type HaConfig, type HaServices } from "./types.js";

/** What the mirror reads with one command each after every (re)connect. */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function listOf<T>(result: unknown, what: string, valid: (item: Record<string, unknown>) => boolean): T[] {
  if (!Array.isArray(result)) {
    throw new HaCommandError("invalid_format", `Home Assistant sent an unexpected ${what} list.`);
  }
  return result.filter((item): item is T => isRecord(item) && valid(item));
}

const hasString = (key: string) => (item: Record<string, unknown>) => typeof item[key] === "string";
const nullable = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** Floors and labels arrived in HA 2024.4; older cores answer unknown_command, read as "none". */
async function optionalList(connection: HaConnection, registry: messages.RegistryName): Promise<unknown> {
  try {
    return await connection.sendCommand(messages.registryList(registry));
  } catch (error) {
    if (error instanceof HaCommandError && error.code === "unknown_command") return [];
    throw error;
  }
}

export async function fetchRegistries(connection: HaConnection): Promise<Registries> {
  const [areas, devices, entities, floors, labels] = await Promise.all([
    connection.sendCommand(messages.registryList("area")),
    connection.sendCommand(messages.registryList("device")),
    connection.sendCommand(messages.registryList("entity")),
    optionalList(connection, "floor"),
    optionalList(connection, "label"),
  ]);
  return {
    areas: listOf<Registries["areas"][number]>(areas, "area", hasString("area_id")),
    // The area rule reads area_id/device_id as "string or null"; absent fields mean null.
    devices: listOf<Registries["devices"][number]>(devices, "device", hasString("id")).map((d) => ({
      ...d,
      area_id: nullable(d.area_id),
    })),
    entities: listOf<Registries["entities"][number]>(entities, "entity", hasString("entity_id")).map((e) => ({
      ...e,
      area_id: nullable(e.area_id),
      device_id: nullable(e.device_id),
    })),
    floors: listOf(floors, "floor", hasString("floor_id")),
    labels: listOf(labels, "label", hasString("label_id")),
  };
}

export async function fetchConfig(connection: HaConnection): Promise<HaConfig> {
  const config = await connection.sendCommand(messages.getConfig());
  if (!isRecord(config))
    throw new HaCommandError("invalid_format", "Home Assistant sent an unexpected config.");
  return config as HaConfig;
}

export async function fetchServices(connection: HaConnection): Promise<HaServices> {
  const services = await connection.sendCommand(messages.getServices());
  if (!isRecord(services)) {
    throw new HaCommandError("invalid_format", "Home Assistant sent an unexpected service list.");
  }
  return services as HaServices;
}
