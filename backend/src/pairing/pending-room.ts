import type { Db } from "../db/database.js";
import { HttpError } from "../http/errors.js";

export const MAX_PENDING = 20;
/** Pending requests one client address may have: a household pairs a few devices from one phone. */
export const MAX_PENDING_PER_ADDRESS = 3;

/**
 * Refuses a new request when too many are waiting: first per client address, so one address
 * cannot fill the shared room and block every other device from pairing (issue 11), then in all.
 */
export function checkPendingRoom(db: Db, ip: string, now: number): void {
  const pending = db
    .prepare<[], { ip: string | null; expires_at: number }>(
      "SELECT ip, expires_at FROM pairing_requests WHERE status = 'pending' ORDER BY expires_at",
    )
    .all();
  const mine = pending.filter((p) => p.ip === ip);
  const first = mine[0];
  if (first && mine.length >= MAX_PENDING_PER_ADDRESS) {
    // Room comes back when this address's oldest request expires (or is approved or denied).
    const retryAfterS = Math.max(1, Math.ceil((first.expires_at - now) / 1000));
    throw new HttpError(
      429,
      "too_many_attempts",
      `${mine.length} devices from this address are already waiting for approval. Approve or ` +
        "deny them in HAsync, or try again later.",
      { retry_after_s: retryAfterS },
    );
  }
  if (pending.length >= MAX_PENDING) {
    throw new HttpError(
      429,
      "too_many_attempts",
      "Too many devices are waiting for approval. Try again later.",
      { retry_after_s: 60 },
    );
  }
}
