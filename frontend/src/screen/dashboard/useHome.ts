import {
  type Connection,
  type HassEntities,
  type MessageBase,
  subscribeEntities,
} from "home-assistant-js-websocket";
import { useEffect, useRef, useState } from "react";
import type { AreaEntry, DeviceEntry, DisplayList, FloorEntry, Registries } from "./model/types.js";
import { EMPTY_REGISTRIES } from "./model/types.js";

/** HA's frontend refetches a registry on its `*_registry_updated` event (data/ws-*_registry.ts). */
const REGISTRY_EVENTS = [
  "area_registry_updated",
  "device_registry_updated",
  "entity_registry_updated",
  "floor_registry_updated",
];

/** Registry events come in bursts (a device added brings its entities): HA debounces by 500 ms too. */
const REFETCH_DELAY_MS = 500;

/**
 * A list that could not be fetched (the socket dropped, a registry HAsync does not answer) keeps
 * what was known, so the sections do not fall apart while the screen is offline.
 */
const list = <T>(conn: Connection, type: string, known: T): Promise<T> =>
  conn.sendMessagePromise<T>({ type } as MessageBase).catch(() => known);

export async function fetchRegistries(conn: Connection, known: Registries): Promise<Registries> {
  const [display, devices, areas, floors] = await Promise.all([
    list<DisplayList>(conn, "config/entity_registry/list_for_display", {
      entities: Object.values(known.entities),
    }),
    list<DeviceEntry[]>(conn, "config/device_registry/list", Object.values(known.devices)),
    list<AreaEntry[]>(conn, "config/area_registry/list", known.areas),
    list<FloorEntry[]>(conn, "config/floor_registry/list", known.floors),
  ]);
  const entities: Registries["entities"] = {};
  for (const entry of display.entities) entities[entry.ei] = entry;
  const byId: Registries["devices"] = {};
  for (const device of devices) byId[device.id] = device;
  return { entities, devices: byId, areas, floors };
}

/** The registries, fetched once and again after each registry change and each reconnect. */
function useRegistries(conn: Connection): Registries {
  const [registries, setRegistries] = useState<Registries>(EMPTY_REGISTRIES);
  const known = useRef(registries);
  known.current = registries;
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refetch = () => {
      void fetchRegistries(conn, known.current).then((next) => live && setRegistries(next));
    };
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(refetch, REFETCH_DELAY_MS);
    };
    refetch();
    const unsubscribers = REGISTRY_EVENTS.map((type) => conn.subscribeEvents(soon, type));
    conn.addEventListener("ready", refetch);
    return () => {
      live = false;
      clearTimeout(timer);
      conn.removeEventListener("ready", refetch);
      for (const unsubscribe of unsubscribers)
        unsubscribe.then(
          (stop) => stop(),
          () => undefined,
        );
    };
  }, [conn]);
  return registries;
}

/**
 * One `subscribe_entities` for the whole dashboard. The library keeps each unchanged entity's
 * object as it was (entities.ts `processEvent` copies only the changed ones), so a tile memoized on
 * its state object re-renders only when its own state changes.
 */
function useEntities(conn: Connection): HassEntities | null {
  const [entities, setEntities] = useState<HassEntities | null>(null);
  useEffect(() => subscribeEntities(conn, setEntities), [conn]);
  return entities;
}

export function useHome(conn: Connection): { entities: HassEntities | null; registries: Registries } {
  return { entities: useEntities(conn), registries: useRegistries(conn) };
}
