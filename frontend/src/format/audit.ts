import type { AuditEntry, PassHours } from "hasync";
import { waitInWords } from "../api/errors.js";
import { hoursBrief, OUTSIDE_WORDS } from "../components/hours.js";
import { GUARD_GOOD, GUARD_SENTENCES, GUARD_WARN } from "./audit-guard.js";
import { LOGIN_GOOD, LOGIN_SENTENCES, LOGIN_WARN } from "./audit-login.js";
import { capitalized, type Detail, type DeviceNames, device, text, who } from "./audit-parts.js";

/** The groups the activity log filters by; `type` is the audit group prefix the API accepts. */
export const AUDIT_FILTERS = [
  { type: "", label: "Everything" },
  { type: "pairing", label: "Pairing" },
  { type: "device", label: "Device changes" },
  { type: "invite", label: "Invites" },
  { type: "gateway", label: "Refused calls" },
  { type: "confirm", label: "Asked first" },
  { type: "mcp", label: "AI agents (MCP)" },
  { type: "auth", label: "Sign-ins" },
  { type: "login", label: "App sign-ins" },
  { type: "interface", label: "Interface" },
] as const;

export type AuditTone = "info" | "good" | "warn";

export type { DeviceNames } from "./audit-parts.js";

function refused(e: AuditEntry, names: DeviceNames): string {
  const d = e.detail;
  const call = text(d, "service");
  const target = text(d, "entity_id");
  const reason = text(d, "reason");
  const what = call ? `${call}${target ? ` on ${target}` : ""}` : "a service call";
  const from = text(d, "device_name") ?? (e.actor ? names.get(e.actor) : undefined);
  return `Refused ${what} from ${from ? `“${from}”` : "a device"}${reason ? `: ${reason}` : ""}`;
}

/** "2,341 times", for an entry that stands for repetitions. */
export function timesInWords(count: number): string {
  return `${count.toLocaleString("en")} times`;
}

function expiryChange(e: AuditEntry, names: DeviceNames): string {
  const at = text(e.detail, "expires_at");
  if (at === undefined) return `${who(e)} removed the expiry of ${device(e.detail, names)}`;
  const when = new Date(at);
  const shown = Number.isNaN(when.getTime())
    ? at
    : when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return `${who(e)} set ${device(e.detail, names)} to expire ${shown}`;
}

function requested(e: AuditEntry): string {
  const model = text(e.detail, "model");
  return `${e.actor ? `“${e.actor}”` : "A device"}${model ? ` (${model})` : ""} asked to be paired`;
}

function hoursChange(e: AuditEntry, names: DeviceNames): string {
  const hours = e.detail.hours as PassHours | null | undefined;
  if (hours === null || hours === undefined) return `${who(e)} let ${device(e.detail, names)} in at any time`;
  const valid = Array.isArray(hours.windows) && OUTSIDE_WORDS[hours.outside] !== undefined;
  const when = valid ? `: ${hoursBrief(hours)}` : "";
  return `${who(e)} set the hours of ${device(e.detail, names)}${when}`;
}

const invite = (d: Detail): string => {
  const name = text(d, "invite_name", "name");
  return name === undefined ? "an invite link" : `the invite for “${name}”`;
};

/** Why an invite link was refused, from the screen API's error code. */
const REFUSED_BECAUSE: Record<string, string> = {
  invite_invalid: "it is not a valid link",
  invite_used: "it was already used",
  invite_expired: "it had ended",
  invite_revoked: "it was revoked",
  too_many_attempts: "too many tries from that address",
};

function inviteRefused(e: AuditEntry): string {
  const code = text(e.detail, "reason", "code");
  const why = code === undefined ? undefined : (REFUSED_BECAUSE[code] ?? code);
  const what =
    text(e.detail, "name") === undefined ? "An invite link" : `The invite for “${text(e.detail, "name")}”`;
  return `${what} was refused${why ? `: ${why}` : ""}`;
}

function inviteCreated(e: AuditEntry): string {
  const uses = e.detail.max_uses;
  const many = typeof uses === "number" && uses > 1 ? ` for up to ${uses} devices` : "";
  return `${who(e)} created ${invite(e.detail)}${many}`;
}

function inviteRevoked(e: AuditEntry): string {
  const ids = e.detail.device_ids;
  const count = Array.isArray(ids) ? ids.length : typeof e.detail.devices === "number" ? e.detail.devices : 0;
  const devices = count === 0 ? "" : ` and the ${count === 1 ? "device" : `${count} devices`} made from it`;
  return `${who(e)} revoked ${invite(e.detail)}${devices}`;
}

function inviteUsed(e: AuditEntry, names: DeviceNames): string {
  const id = text(e.detail, "device_id");
  const name = text(e.detail, "device_name") ?? (id === undefined ? undefined : names.get(id));
  return `${name ? `“${name}”` : "A guest’s device"} joined with ${invite(e.detail)}`;
}

const SENTENCES: Record<string, (e: AuditEntry, names: DeviceNames) => string> = {
  "auth.login": (e) =>
    `${who(e)} signed in ${text(e.detail, "via") === "ingress" ? "from Home Assistant" : "with the password"}`,
  "auth.login_failed": (e) => `Failed sign-in${e.actor ? ` as “${e.actor}”` : ""}`,
  "auth.lockout": (e) => {
    const s = e.detail.retry_after_s;
    return `Sign-in blocked${typeof s === "number" ? ` for ${waitInWords(s)}` : ""} after repeated failures`;
  },
  "auth.logout": (e) => `${who(e)} signed out`,
  "pairing.requested": requested,
  "pairing.approved": (e, n) => `${who(e)} approved ${device(e.detail, n)}`,
  "pairing.denied": (e, n) => `${who(e)} denied ${device(e.detail, n)}`,
  "pairing.approve_failed": () => "An approval was refused: the code was wrong or had expired",
  "device.renamed": (e, n) => {
    const from = text(e.detail, "from");
    return `${who(e)} renamed ${from ? `“${from}”` : "a device"} to ${device(e.detail, n)}`;
  },
  "device.scope_changed": (e, n) => `${who(e)} changed what ${device(e.detail, n)} may see`,
  "device.expiry_changed": expiryChange,
  "device.admin_presentation_changed": (e, n) =>
    e.detail.presents_as_admin === true
      ? `${who(e)} set ${device(e.detail, n)} to present itself as an administrator`
      : `${who(e)} stopped ${device(e.detail, n)} presenting itself as an administrator`,
  "device.revoked": (e, n) =>
    // A screen's "Unpair this screen" revokes itself: the actor is the device's own id.
    e.actor !== null && e.actor === text(e.detail, "device_id")
      ? `${capitalized(device(e.detail, n))} unpaired itself`
      : `${who(e)} revoked ${device(e.detail, n)}`,
  "device.hours_changed": hoursChange,
  "invite.created": inviteCreated,
  "invite.used": inviteUsed,
  "invite.refused": inviteRefused,
  "invite.revoked": inviteRevoked,
  "invite.sent": (e) => {
    const to = text(e.detail, "service");
    return `${who(e)} sent ${invite(e.detail)}${to ? ` with ${to}` : ""}`;
  },
  "gateway.call_refused": refused,
  ...GUARD_SENTENCES,
  ...LOGIN_SENTENCES,
};

function sentenceOf(entry: AuditEntry, names: DeviceNames): string {
  const sentence = SENTENCES[entry.type];
  if (sentence) return sentence(entry, names);
  const group = AUDIT_FILTERS.find((f) => f.type !== "" && entry.type.startsWith(`${f.type}.`));
  return group ? `Other ${group.label.toLowerCase()} event` : "Other event";
}

/**
 * One line in words for an audit entry; never the raw type code. An entry that stands for
 * repetitions (the server folds a device's repeated refused call into one) says how many.
 */
export function describeAudit(entry: AuditEntry, names: DeviceNames = new Map()): string {
  const line = sentenceOf(entry, names);
  return entry.count === undefined ? line : `${line} (${timesInWords(entry.count)})`;
}

/** When an entry last happened: its latest repetition, or the one time. */
export const auditLastAt = (entry: AuditEntry): string => entry.last_at ?? entry.at;

export function auditTone(type: string): AuditTone {
  if (type === "gateway.call_refused" || type === "auth.lockout" || type === "auth.login_failed")
    return "warn";
  if (type === "pairing.approve_failed" || type === "device.revoked" || type === "pairing.denied")
    return "warn";
  if (type === "invite.refused" || type === "invite.revoked" || GUARD_WARN.includes(type)) return "warn";
  if (LOGIN_WARN.includes(type)) return "warn";
  if (GUARD_GOOD.includes(type) || LOGIN_GOOD.includes(type)) return "good";
  if (type === "pairing.approved" || type === "auth.login" || type === "invite.used") return "good";
  return "info";
}

/** Whether an entry belongs to a filter group (`""` is everything). */
export function inAuditGroup(type: string, group: string): boolean {
  return group === "" || type === group || type.startsWith(`${group}.`);
}
