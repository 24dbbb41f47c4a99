import type { AuditEntry } from "hasync";
import { describe, expect, it } from "vitest";
import { AUDIT_FILTERS, auditTone, describeAudit, inAuditGroup } from "./audit.js";

const entry = (type: string, detail: Record<string, unknown>, actor: string | null = null): AuditEntry => ({
  id: 1,
  at: "2026-12-01T20:00:00Z",
  type,
  actor,
  ip: "192.0.2.7",
  detail,
});

describe("activity lines for Home Assistant's login and interface", () => {
  const tablet = { device_id: "dev_1", name: "Hall tablet" };

  it("names the app a device signed in to, HA's apps by name", () => {
    expect(
      describeAudit(entry("login.token_issued", { ...tablet, client_id: "https://home-assistant.io/iOS" })),
    ).toBe("The Home Assistant app for iOS signed in as “Hall tablet”");
    expect(
      describeAudit(entry("login.code_issued", { ...tablet, client_id: "http://192.0.2.9:8123/" })),
    ).toBe("“Hall tablet” was approved to sign in to 192.0.2.9:8123");
    expect(describeAudit(entry("login.revoked", tablet))).toBe("“Hall tablet” was signed out by its app");
    expect(describeAudit(entry("login.token_refused", { reason: "code reused" }))).toBe(
      "A sign-in through Home Assistant’s login was refused: code reused",
    );
    expect(auditTone("login.token_refused")).toBe("warn");
  });

  it("says which interface and which dashboards the admin chose", () => {
    const to = { device_interface: "home_assistant" };
    expect(describeAudit(entry("interface.settings_changed", { from: {}, to }, "anna"))).toBe(
      "anna chose Home Assistant’s interface for the device address",
    );
    expect(
      describeAudit(entry("device.dashboards_changed", { ...tablet, from: [], to: ["lovelace"] }, "anna")),
    ).toBe("anna let “Hall tablet” open the dashboards lovelace");
    expect(
      describeAudit(entry("device.dashboards_changed", { ...tablet, from: ["x"], to: [] }, "anna")),
    ).toBe("anna let “Hall tablet” open only its generated Overview");
    expect(AUDIT_FILTERS.some((f) => f.type === "login" && inAuditGroup("login.revoked", f.type))).toBe(true);
  });
});
