import type { DevicePreview } from "hasync";
import { useAdminEvents, useWatchDevice } from "../api/events.js";
import { useResource } from "../api/resource.js";
import { applyPreviewChanges } from "./preview.js";

/** Exactly what the device sees now, kept live by `preview` events for this device. */
export function usePreview(deviceId: string) {
  useWatchDevice(deviceId);
  const resource = useResource<DevicePreview>(`admin/devices/${encodeURIComponent(deviceId)}/preview`);
  const { update, reload } = resource;
  useAdminEvents((event) => {
    if (event.type === "hello") reload();
    else if (event.type === "device.updated" && event.device.id === deviceId) reload();
    else if (event.type === "preview" && event.device_id === deviceId) {
      const at = new Date().toISOString();
      update((p) => ({ ...p, entities: applyPreviewChanges(p.entities, event.changes, at) }));
    }
  });
  return resource;
}
