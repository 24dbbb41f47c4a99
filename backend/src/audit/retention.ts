import type { AuditType } from "hasync";
import type { Db } from "../db/database.js";

/**
 * Types any paired device can cause at will (a read-only tablet making refused calls). They are
 * kept apart from everything else (sign-ins, lockouts, pairing, device changes, revocations), so
 * device noise can never push the admin's security history out of the log.
 */
export const NOISE_TYPES: readonly AuditType[] = ["gateway.call_refused"];

/** Entries kept per class: a few years of a household's security events; the latest noise. */
export const SECURITY_KEEP = 100_000;
export const NOISE_KEEP = 10_000;

const IN_NOISE = `type IN (${NOISE_TYPES.map(() => "?").join(", ")})`;

/** Deletes all but the newest `keep` entries of one class; returns how many went. */
function pruneClass(db: Db, where: string, keep: number): number {
  return db
    .prepare(
      `DELETE FROM audit_log WHERE ${where} AND id <= ` +
        `(SELECT id FROM audit_log WHERE ${where} ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    )
    .run(...NOISE_TYPES, ...NOISE_TYPES, keep).changes;
}

export function pruneAudit(db: Db, securityKeep: number, noiseKeep: number): number {
  return pruneClass(db, `NOT ${IN_NOISE}`, securityKeep) + pruneClass(db, IN_NOISE, noiseKeep);
}
