import type { AuditEntry, ServiceRate } from "hasync";
import { ServiceRateSchema } from "hasync";
import { timeoutInWords } from "../confirm/settings.js";
import { actionInWords } from "../confirm/words.js";
import { rateInWords } from "../devices/rate.js";
import { capitalized, type Detail, type DeviceNames, device, text, who } from "./audit-parts.js";

/** Activity lines for the guard rails and the MCP endpoint (issue 15). */

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((x): x is string => typeof x === "string") : [];

/** "unlock Front Door": the entry's service and entities, by the names they had when asked (else ids). */
function action(d: Detail): string {
  const service = text(d, "service") ?? "a call";
  const ids = strings(d.entities);
  const names = strings(d.entity_names);
  const entities = ids.map((id, i) => ({
    entity_id: id,
    name: names.length === ids.length ? (names[i] ?? id) : id,
  }));
  const line = actionInWords({ service, entities });
  return line.charAt(0).toLowerCase() + line.slice(1);
}

const onPhone = (d: Detail) => (text(d, "answered_on") === "phone" ? " on the phone" : "");
const decider = (e: AuditEntry) => text(e.detail, "by") ?? who(e);

function rateChange(e: AuditEntry, names: DeviceNames): string {
  const to = ServiceRateSchema.safeParse(e.detail.to);
  if (!to.success) return `${who(e)} returned ${device(e.detail, names)} to the default call rate`;
  return `${who(e)} set the call rate of ${device(e.detail, names)} to ${rateInWords(to.data as ServiceRate)}`;
}

function withdrawn(e: AuditEntry, names: DeviceNames): string {
  const d = e.detail;
  const why = text(d, "why") === "device_access_ended" ? "its access ended" : "it stopped waiting";
  return `${capitalized(device(d, names))} no longer asks to ${action(d)}: ${why}`;
}

function settingsChange(e: AuditEntry): string {
  const to = e.detail.to as { notify_service?: unknown; timeout_s?: unknown } | undefined;
  const phone =
    typeof to?.notify_service === "string" ? `ask on ${to.notify_service} too` : "ask on no phone";
  const wait = typeof to?.timeout_s === "number" ? `, a call waits ${timeoutInWords(to.timeout_s)}` : "";
  return `${who(e)} changed how calls ask first: ${phone}${wait}`;
}

/** Why a session ended (backend mcp/sessions.ts `CloseReason`). */
const CLOSED_BECAUSE: Record<string, string> = {
  client: "the client closed it",
  revoked: "its access was revoked or ended",
  idle: "it was idle",
  replaced: "a newer session took its place",
  shutdown: "HAsync stopped",
};

function sessionClosed(e: AuditEntry, names: DeviceNames): string {
  const reason = text(e.detail, "reason");
  const why = reason === undefined ? "" : `: ${CLOSED_BECAUSE[reason] ?? reason}`;
  return `${capitalized(device(e.detail, names))}’s MCP session ended${why}`;
}

function toolCalled(e: AuditEntry, names: DeviceNames): string {
  const tool = text(e.detail, "tool") ?? "a tool";
  const outcome = text(e.detail, "outcome");
  const failed = outcome !== undefined && outcome !== "ok" ? ` (answered: ${outcome})` : "";
  return `${capitalized(device(e.detail, names))} used ${tool} over MCP${failed}`;
}

export const GUARD_SENTENCES: Record<string, (e: AuditEntry, names: DeviceNames) => string> = {
  "device.rate_changed": rateChange,
  "confirm.requested": (e, n) =>
    `${capitalized(device(e.detail, n))} asked for your OK to ${action(e.detail)}`,
  "confirm.allowed": (e, n) =>
    `${decider(e)} let ${device(e.detail, n)} ${action(e.detail)}${onPhone(e.detail)}`,
  "confirm.denied": (e, n) =>
    `${decider(e)} refused to let ${device(e.detail, n)} ${action(e.detail)}${onPhone(e.detail)}`,
  "confirm.timed_out": (e, n) =>
    `Nobody answered in time, so ${device(e.detail, n)} could not ${action(e.detail)}`,
  "confirm.withdrawn": withdrawn,
  "confirm.settings_changed": settingsChange,
  "mcp.session_opened": (e, n) => {
    const client = text(e.detail, "client");
    return `${capitalized(device(e.detail, n))} connected over MCP${client ? ` with ${client}` : ""}`;
  },
  "mcp.session_closed": sessionClosed,
  "mcp.tool_called": toolCalled,
};

/** Guard-rail entries worth a warning dot: a refusal the admin did not choose, or a denial. */
export const GUARD_WARN: readonly string[] = ["confirm.denied", "confirm.timed_out"];
export const GUARD_GOOD: readonly string[] = ["confirm.allowed"];
