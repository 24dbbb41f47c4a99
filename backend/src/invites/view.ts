import type { Invite } from "hasync";
import type { InviteRecord } from "./store.js";

export type InviteStatus = Invite["status"];

/** Revoked first (the admin's word), then used up, then expired. */
export function statusOf(invite: InviteRecord, now: number): InviteStatus {
  if (invite.revokedAt !== null) return "revoked";
  if (invite.uses >= invite.maxUses) return "used";
  if (invite.expiresAt <= now) return "expired";
  return "active";
}

/** The end of a sentence saying why a link no longer works. */
export function inviteRefusal(status: Exclude<InviteStatus, "active">): string {
  switch (status) {
    case "used":
      return "has already been used.";
    case "expired":
      return "has expired.";
    case "revoked":
      return "was cancelled.";
  }
}

/** What the admin API shows of an invite: never its secret or the secret's hash. */
export function inviteView(invite: InviteRecord, deviceIds: readonly string[], now: number): Invite {
  return {
    id: invite.id,
    name: invite.name,
    scope: invite.scope,
    expires_at: new Date(invite.expiresAt).toISOString(),
    hours: invite.hours,
    max_uses: invite.maxUses,
    uses: invite.uses,
    created_at: new Date(invite.createdAt).toISOString(),
    created_by: invite.createdBy,
    status: statusOf(invite, now),
    device_ids: [...deviceIds],
  };
}
