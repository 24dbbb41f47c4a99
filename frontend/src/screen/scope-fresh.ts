import type { Connection } from "home-assistant-js-websocket";
import { useEffect } from "react";

/**
 * What HAsync's gateway tells a device when its scope changes (events-ws/device-view.ts): an
 * entity entering or leaving it is an `entity_registry_updated` create or remove, services it may
 * now call or no longer call are `service_registered` / `service_removed`, as HA fires them.
 */
const SCOPE_EVENTS = ["entity_registry_updated", "service_registered", "service_removed"] as const;
const SETTLE_MS = 500;

/**
 * Re-reads the screen's session when its scope may have changed, so what each tile may do (its
 * `entity_access`: a lock that now asks first, a light that became read-only by losing its
 * services) follows the admin's edit without a reload. A burst of events reads it once. An edit
 * that changes only whether a call asks first shows at the next session read (a reconnect or a
 * reload); HAsync enforces it on the call either way.
 */
export function useSessionFollowsScope(conn: Connection | null, recheck: () => Promise<boolean>): void {
  useEffect(() => {
    if (conn === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void recheck(), SETTLE_MS);
    };
    const unsubscribers = SCOPE_EVENTS.map((type) => conn.subscribeEvents(soon, type));
    return () => {
      clearTimeout(timer);
      for (const unsubscribe of unsubscribers)
        unsubscribe.then(
          (stop) => stop(),
          () => undefined,
        );
    };
  }, [conn, recheck]);
}
