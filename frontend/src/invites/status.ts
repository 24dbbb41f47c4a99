import type { Invite } from "hasync";
import type { Tone } from "../ha/advice.js";

/** Mirrors hasync's `MAX_INVITE_USES` without importing its runtime (the test checks they agree). */
export const MAX_USES = 20;

/** A problem in words for anything but a whole number from 1 to MAX_USES. */
export function usesProblem(input: string): string | undefined {
  const n = Number(input);
  if (input.trim() === "" || !Number.isInteger(n) || n < 1 || n > MAX_USES)
    return `Enter a whole number from 1 to ${MAX_USES}.`;
  return undefined;
}

export const STATUS_WORDS: Record<Invite["status"], { label: string; tone: Tone; hint: string }> = {
  active: { label: "Active", tone: "good", hint: "The link works until it is used up or ends." },
  used: {
    label: "Used",
    tone: "info",
    hint: "Every use of the link is taken; the devices made from it keep working.",
  },
  expired: {
    label: "Expired",
    tone: "bad",
    hint: "Its end has passed: the link and its devices no longer work.",
  },
  revoked: { label: "Revoked", tone: "warn", hint: "Revoked: the link and its devices no longer work." },
};

/** "0 of 1 used", "2 of 5 used". */
export function usesInWords(invite: Pick<Invite, "uses" | "max_uses">): string {
  return `${invite.uses} of ${invite.max_uses} used`;
}

/** Revoking still changes something: the link could be used, or devices made from it are connected. */
export function canRevoke(invite: Pick<Invite, "status" | "device_ids">): boolean {
  return invite.status === "active" || (invite.status === "used" && invite.device_ids.length > 0);
}

/** `“Anna’s phone”, “Anna’s phone 2” and “Anna’s phone 3”`. */
function listInWords(names: string[]): string {
  const quoted = names.map((n) => `“${n}”`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** What revoking does, said before it is done: the link stops, and its devices are cut off too. */
export function revokeWarning(
  invite: Pick<Invite, "device_ids">,
  names: ReadonlyMap<string, string>,
): string {
  const link = "The link stops working at once.";
  const count = invite.device_ids.length;
  if (count === 0) return `${link} No device has used it yet.`;
  const known = invite.device_ids.map((id) => names.get(id) ?? "a device");
  const devices = count === 1 ? "the device" : `the ${count} devices`;
  const after = count === 1 ? "it is revoked" : "they are revoked";
  return `${link} It also disconnects ${devices} made from it (${listInWords(known)}): ${after} and must be invited again.`;
}

const ORDER: Record<Invite["status"], number> = { active: 0, used: 1, expired: 2, revoked: 3 };

/** Live invites first, then the ended ones; newest first within each. */
export function sortInvites(invites: readonly Invite[]): Invite[] {
  return [...invites].sort(
    (a, b) => ORDER[a.status] - ORDER[b.status] || b.created_at.localeCompare(a.created_at),
  );
}

/** Puts a created or changed invite into the list, replacing the one with its id. */
export function upsertInvite(invites: readonly Invite[], invite: Invite): Invite[] {
  return sortInvites([...invites.filter((i) => i.id !== invite.id), invite]);
}

/**
 * A notify service as people know it. Home Assistant names the companion app's services
 * "Send a notification via mobile_app_<phone>", which says nothing in a list of them: the
 * service's own id names the phone.
 */
export function notifyLabel(service: { service: string; name: string }): string {
  const id = service.service.replace(/^notify\./, "");
  return service.name === "" || /^send a notification via /i.test(service.name) ? id : service.name;
}
