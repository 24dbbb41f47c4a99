import type { AuditType } from "hasync";
import type { Db } from "../db/database.js";

/**
 * Types that someone other than the admin can cause at will: any paired device (a read-only
 * tablet making refused calls) or any LAN client (asking to be paired, trying invite links). Each
 * is capped on its own, apart from everything else (sign-ins, lockouts, approvals, denials, device
 * changes, revocations), so noise can never push the admin's security history out of the log.
 */
export const NOISE_TYPES: readonly AuditType[] = [
  "gateway.call_refused",
  "pairing.requested",
  "invite.refused",
  // Any LAN client can post to HA's /auth/token at will (ha-login): wrong codes, stale refresh tokens.
  "login.token_refused",
  // A paired agent or device makes these at will, within its call rate (issue 15): an agent's
  // sessions and tool calls, and calls held for the admin that it then lets go or leaves to time
  // out. The admin's own answers (`confirm.allowed`, `confirm.denied`) stay with the security events.
  "mcp.session_opened",
  "mcp.session_closed",
  "mcp.tool_called",
  "confirm.requested",
  "confirm.withdrawn",
  "confirm.timed_out",
];

/** Entries kept: a few years of a household's security events; the latest of each noise type. */
export const SECURITY_KEEP = 100_000;
export const NOISE_KEEP = 10_000;

/** Deletes all but the newest `keep` entries matching `where`; returns how many went. */
function pruneWhere(db: Db, where: string, params: readonly string[], keep: number): number {
  return db
    .prepare(
      `DELETE FROM audit_log WHERE ${where} AND id <= ` +
        `(SELECT id FROM audit_log WHERE ${where} ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    )
    .run(...params, ...params, keep).changes;
}

export function pruneAudit(db: Db, securityKeep: number, noiseKeep: number): number {
  const notNoise = `type NOT IN (${NOISE_TYPES.map(() => "?").join(", ")})`;
  let removed = pruneWhere(db, notNoise, NOISE_TYPES, securityKeep);
  // One type at a time, so each walks the (type, id) index newest first.
  for (const type of NOISE_TYPES) removed += pruneWhere(db, "type = ?", [type], noiseKeep);
  return removed;
}
