import type { DeviceConnection } from "./connection.js";
import { tooManySubscriptions } from "./messages.js";

/**
 * Each subscription holds fan-out entries and a copy of what it sent: bounded per socket (issue 11).
 * Its own file so rooms can import it without importing the command table that imports them.
 */
export function checkRoom(conn: DeviceConnection): void {
  const limit = conn.host.limits.maxSubscriptions;
  if (conn.subscriptions.size >= limit) throw tooManySubscriptions(limit);
}
