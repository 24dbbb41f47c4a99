import { AUDIT_TYPES, type AuditEntry } from "hasync";
import { describe, expect, it } from "vitest";
import { AUDIT_FILTERS, auditLastAt, auditTone, describeAudit, inAuditGroup } from "./audit.js";

const entry = (
  type: string,
  detail: Record<string, unknown> = {},
  actor: string | null = "anna",
): AuditEntry => ({
  id: 1,
  at: "2026-03-01T12:00:00Z",
  type,
  actor,
  ip: "192.0.2.7",
  detail,
});

describe("the activity log in words", () => {
  it("has a sentence for every audit type of the contract, without the code", () => {
    for (const type of AUDIT_TYPES) {
      const line = describeAudit(entry(type, { name: "Kitchen tablet" }));
      expect(line).not.toContain(type);
      expect(line).not.toMatch(/Other/);
    }
  });

  it("names the device and who acted", () => {
    expect(describeAudit(entry("pairing.approved", { name: "Kitchen tablet" }))).toBe(
      "anna approved “Kitchen tablet”",
    );
    expect(describeAudit(entry("auth.login", { via: "ingress" }))).toBe("anna signed in from Home Assistant");
    expect(describeAudit(entry("auth.lockout", { retry_after_s: 300 }, null))).toBe(
      "Sign-in blocked for 5 minutes after repeated failures",
    );
    expect(describeAudit(entry("device.expiry_changed", { name: "Guest", expires_at: null }))).toBe(
      "anna removed the expiry of “Guest”",
    );
    expect(
      describeAudit(
        entry("device.admin_presentation_changed", { name: "Node-RED", presents_as_admin: true }),
      ),
    ).toBe("anna set “Node-RED” to present itself as an administrator");
    expect(describeAudit(entry("pairing.requested", { type: "tablet", model: "Fire HD" }, "Hall"))).toBe(
      "“Hall” (Fire HD) asked to be paired",
    );
    expect(
      describeAudit(entry("device.renamed", { device_id: "d1", from: "Tab", to: "Kitchen tablet" })),
    ).toBe("anna renamed “Tab” to “Kitchen tablet”");
  });

  it("tells invites and pass hours in words", () => {
    expect(describeAudit(entry("invite.created", { name: "Anna’s phone", max_uses: 1 }))).toBe(
      "anna created the invite for “Anna’s phone”",
    );
    expect(describeAudit(entry("invite.created", { name: "Family", max_uses: 3 }))).toBe(
      "anna created the invite for “Family” for up to 3 devices",
    );
    expect(
      describeAudit(
        entry("invite.used", { invite_name: "Anna’s phone", device_name: "Anna’s phone 2" }, null),
      ),
    ).toBe("“Anna’s phone 2” joined with the invite for “Anna’s phone”");
    expect(
      describeAudit(entry("invite.refused", { reason: "invite_used", name: "Anna’s phone" }, null)),
    ).toBe("The invite for “Anna’s phone” was refused: it was already used");
    expect(describeAudit(entry("invite.refused", { reason: "invite_invalid" }, null))).toBe(
      "An invite link was refused: it is not a valid link",
    );
    expect(describeAudit(entry("invite.refused", {}, null))).toBe("An invite link was refused");
    expect(describeAudit(entry("invite.revoked", { name: "Anna’s phone", device_ids: ["d1", "d2"] }))).toBe(
      "anna revoked the invite for “Anna’s phone” and the 2 devices made from it",
    );
    expect(describeAudit(entry("invite.revoked", { name: "Anna’s phone", device_ids: [] }))).toBe(
      "anna revoked the invite for “Anna’s phone”",
    );
    expect(
      describeAudit(entry("invite.sent", { name: "Anna’s phone", service: "notify.mobile_app_anna" })),
    ).toBe("anna sent the invite for “Anna’s phone” with notify.mobile_app_anna");
    const hours = { windows: [{ day: "tue", from: "09:00", to: "13:00" }], outside: "read" };
    expect(describeAudit(entry("device.hours_changed", { name: "Cleaner", hours }))).toBe(
      "anna set the hours of “Cleaner”: Tue 09:00–13:00, read-only outside them",
    );
    expect(describeAudit(entry("device.hours_changed", { name: "Cleaner", hours: null }))).toBe(
      "anna let “Cleaner” in at any time",
    );
    expect(auditTone("invite.refused")).toBe("warn");
    // "Unpair this screen" on the tablet: the device revoked itself.
    expect(
      describeAudit(
        entry("device.revoked", { device_id: "d1", name: "Hall tablet", by: "the screen itself" }, "d1"),
      ),
    ).toBe("“Hall tablet” unpaired itself");
    expect(describeAudit(entry("device.revoked", { device_id: "d1" }, "d1"))).toBe(
      "A device unpaired itself",
    );
    expect(describeAudit(entry("device.revoked", { device_id: "d1", name: "Hall tablet" }))).toBe(
      "anna revoked “Hall tablet”",
    );
    expect(auditTone("invite.used")).toBe("good");
  });

  it("looks up device names for entries that carry only the id", () => {
    const names = new Map([["d1", "Kitchen tablet"]]);
    expect(describeAudit(entry("device.scope_changed", { device_id: "d1" }), names)).toBe(
      "anna changed what “Kitchen tablet” may see",
    );
    expect(describeAudit(entry("device.scope_changed", { device_id: "gone" }), names)).toBe(
      "anna changed what a device may see",
    );
    expect(describeAudit(entry("gateway.call_refused", { service: "lock.unlock" }, "d1"), names)).toBe(
      "Refused lock.unlock from “Kitchen tablet”",
    );
  });

  it("explains refused calls", () => {
    const line = describeAudit(
      entry("gateway.call_refused", {
        device_name: "Hall kiosk",
        service: "lock.unlock",
        entity_id: "lock.front_door",
        reason: "lock.front_door is not in this device's scope",
      }),
    );
    expect(line).toBe(
      "Refused lock.unlock on lock.front_door from “Hall kiosk”: lock.front_door is not in this device's scope",
    );
  });

  it("says how many times a folded entry happened, and shows its latest time", () => {
    const folded = {
      ...entry("gateway.call_refused", {
        device_name: "Hall kiosk",
        service: "lock.unlock",
        reason: "read only",
      }),
      count: 2341,
      last_at: "2026-03-01T12:09:00Z",
    };
    expect(describeAudit(folded)).toBe("Refused lock.unlock from “Hall kiosk”: read only (2,341 times)");
    expect(auditLastAt(folded)).toBe("2026-03-01T12:09:00Z");
    expect(describeAudit({ ...entry("auth.login_failed", {}, null), count: 3 })).toBe(
      "Failed sign-in (3 times)",
    );
    expect(auditLastAt(entry("auth.login"))).toBe("2026-03-01T12:00:00Z");
  });

  it("falls back to the group for types it does not know, never the code", () => {
    expect(describeAudit(entry("device.teleported"))).toBe("Other device changes event");
    expect(describeAudit(entry("mystery.thing"))).toBe("Other event");
  });

  it("filters by group prefix, and every contract type is in some group", () => {
    expect(inAuditGroup("auth.login", "auth")).toBe(true);
    expect(inAuditGroup("auth.login", "")).toBe(true);
    expect(inAuditGroup("authx.login", "auth")).toBe(false);
    for (const type of AUDIT_TYPES) {
      expect(AUDIT_FILTERS.some((f) => f.type !== "" && inAuditGroup(type, f.type))).toBe(true);
    }
  });
});
