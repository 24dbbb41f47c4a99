import type { Device, DeviceList } from "hasync";
import { useMemo } from "react";
import { useAdminEvents } from "../api/events.js";
import { useResource } from "../api/resource.js";

/** Inserts or replaces a device, keeping the list ordered by name. */
export function upsertDevice(devices: Device[], device: Device): Device[] {
  const rest = devices.filter((d) => d.id !== device.id);
  return [...rest, device].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** Paired devices, kept live by the push channel (online state, renames, new and revoked ones). */
export function useDevices() {
  const resource = useResource<DeviceList>("admin/devices");
  const { update, reload } = resource;
  useAdminEvents((event) => {
    if (event.type === "hello") reload();
    else if (event.type === "device.updated") {
      update((list) => ({ devices: upsertDevice(list.devices, event.device) }));
    } else if (event.type === "device.removed") {
      update((list) => ({ devices: list.devices.filter((d) => d.id !== event.device_id) }));
    }
  });
  return resource;
}

/** Device names by id, for the activity log. */
export function useDeviceNames(list: Device[] | undefined): ReadonlyMap<string, string> {
  return useMemo(() => new Map((list ?? []).map((d) => [d.id, d.name])), [list]);
}
