import type { InviteList } from "hasync";
import { useAdminEvents } from "../api/events.js";
import { useResource } from "../api/resource.js";
import { sortInvites } from "./status.js";

/**
 * The invites, kept current by the push channel. There is no invite event of its own: every
 * change to an invite is audited (`invite.used`, `invite.revoked`…) and each audit entry is pushed,
 * so one arriving is the cue to read the list again.
 */
export function useInvites() {
  const resource = useResource<InviteList>("admin/invites");
  const { update, reload } = resource;
  useAdminEvents((event) => {
    if (event.type === "hello") reload();
    else if (event.type === "audit" && event.entry.type.startsWith("invite.")) reload();
    else if (event.type === "device.removed") {
      update((list) => ({
        invites: list.invites.map((i) => ({
          ...i,
          device_ids: i.device_ids.filter((d) => d !== event.device_id),
        })),
      }));
    }
  });
  return { ...resource, invites: sortInvites(resource.data?.invites ?? []) };
}
