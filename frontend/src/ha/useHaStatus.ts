import type { HaStatusResponse } from "hasync";
import { useAdminEvents } from "../api/events.js";
import { useResource } from "../api/resource.js";

/** The Home Assistant link status, updated live by `ha.status` events. */
export function useHaStatus() {
  const resource = useResource<HaStatusResponse>("admin/ha/status");
  const { update, reload } = resource;
  useAdminEvents((event) => {
    if (event.type === "hello") reload();
    // The event carries the same object GET admin/ha/status returns.
    else if (event.type === "ha.status") update(() => event.status as unknown as HaStatusResponse);
  });
  return resource;
}
