import type { AuditEntry } from "./audit.js";
import type { Device } from "./devices.js";
import type { Confirmation, ConfirmationOutcome } from "./guard.js";
import type { PendingPairing } from "./pairing.js";

/**
 * The admin push channel: `GET /api/v1/admin/events` is a Server-Sent Events stream (it passes
 * through Home Assistant's ingress). Each SSE `data:` line is one `AdminEvent` as JSON; the SSE
 * event name equals `type`. `?device=<id>` adds live `preview` events for that device.
 */
export type AdminEvent =
  | { type: "hello"; at: string }
  | { type: "pairing.pending"; request: PendingPairing }
  | { type: "pairing.resolved"; user_code: string; outcome: "approved" | "denied" | "expired" }
  | { type: "device.updated"; device: Device }
  | { type: "device.removed"; device_id: string }
  | { type: "ha.status"; status: Record<string, unknown> }
  | { type: "audit"; entry: AuditEntry }
  /** A device's call is held for the admin (issue 15); `resolved` follows exactly once. */
  | { type: "confirmation.pending"; confirmation: Confirmation }
  | { type: "confirmation.resolved"; id: string; outcome: ConfirmationOutcome; by: string | null }
  | {
      type: "preview";
      device_id: string;
      changes: Array<{ entity_id: string; state: string | null; attributes?: Record<string, unknown> }>;
    };
