import type { AuditEntry } from "hasync";
import { clientName } from "../interface/dashboards.js";
import { capitalized, type Detail, type DeviceNames, device, text, who } from "./audit-parts.js";

/** Activity lines for Home Assistant's login flow and HA's interface on devices (issue 14). */

const client = (d: Detail): string => {
  const id = text(d, "client_id");
  return id === undefined ? "an app" : clientName(id);
};

const paths = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((x): x is string => typeof x === "string") : [];

function dashboardsChange(e: AuditEntry, names: DeviceNames): string {
  const to = paths(e.detail.to);
  const what = to.length === 0 ? "only its generated Overview" : `the dashboards ${to.join(", ")}`;
  return `${who(e)} let ${device(e.detail, names)} open ${what}`;
}

function interfaceChange(e: AuditEntry): string {
  const to = (e.detail.to as { device_interface?: unknown } | undefined)?.device_interface;
  const what = to === "home_assistant" ? "Home Assistant’s interface" : "HAsync’s dashboard";
  return `${who(e)} chose ${what} for the device address`;
}

export const LOGIN_SENTENCES: Record<string, (e: AuditEntry, names: DeviceNames) => string> = {
  "login.code_issued": (e, n) =>
    `${capitalized(device(e.detail, n))} was approved to sign in to ${client(e.detail)}`,
  "login.token_issued": (e, n) => `${capitalized(client(e.detail))} signed in as ${device(e.detail, n)}`,
  "login.token_refused": (e) => {
    const reason = text(e.detail, "reason");
    return `A sign-in through Home Assistant’s login was refused${reason ? `: ${reason}` : ""}`;
  },
  "login.revoked": (e, n) => `${capitalized(device(e.detail, n))} was signed out by its app`,
  "interface.settings_changed": interfaceChange,
  "device.dashboards_changed": dashboardsChange,
};

export const LOGIN_WARN: readonly string[] = ["login.token_refused", "login.revoked"];
export const LOGIN_GOOD: readonly string[] = ["login.token_issued"];
