import type { DeviceType, PendingPairing } from "hasync";

/** A `pairing_requests` row (db/migrations.ts 3, and 9 for the login client). */
export interface PairingRow {
  id: number;
  device_code_hash: string;
  user_code: string;
  name: string;
  type: DeviceType;
  model: string | null;
  ip: string | null;
  created_at: number;
  expires_at: number;
  last_poll_at: number | null;
  status: "pending" | "approved" | "denied";
  device_id: string | null;
  /** Set for a pairing started at HA's `/auth/authorize` (ha-login): it ends in a code, not a token. */
  client_id: string | null;
  redirect_uri: string | null;
}

/** What the admin's list shows of a waiting request. */
export function toPending(row: PairingRow, now: number): PendingPairing {
  return {
    user_code: row.user_code,
    name: row.name,
    type: row.type,
    model: row.model,
    ip: row.ip,
    created_at: new Date(row.created_at).toISOString(),
    expires_at: new Date(row.expires_at).toISOString(),
    age_s: Math.max(0, Math.floor((now - row.created_at) / 1000)),
    client_id: row.client_id,
  };
}
