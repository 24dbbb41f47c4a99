import type { Device } from "hasync";
import type { StoredDevice } from "./store.js";

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** What the admin API shows of a device: the stored record with its live presence and last sighting. */
export function deviceView(
  d: StoredDevice,
  live: { seen: { at: number; ip: string } | undefined; online: boolean; entityCount: number },
): Device {
  return {
    id: d.id,
    name: d.name,
    type: d.type,
    model: d.model,
    created_at: new Date(d.createdAt).toISOString(),
    last_seen_at: iso(live.seen?.at ?? d.lastSeenAt),
    last_ip: live.seen?.ip ?? d.lastIp,
    online: live.online,
    expires_at: iso(d.expiresAt),
    scope: d.scope,
    entity_count: live.entityCount,
    presents_as_admin: d.presentsAsAdmin,
    hours: d.hours,
    invite_id: d.inviteId,
    rate: d.rate,
    dashboards: [...d.dashboards],
    client_id: d.clientId,
  };
}
