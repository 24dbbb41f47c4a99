import type { AuditEntry } from "hasync";
import { describe, expect, it } from "vitest";
import { AUDIT_FILTERS, auditTone, describeAudit, inAuditGroup } from "./audit.js";

const entry = (type: string, detail: Record<string, unknown>, actor: string | null = "anna"): AuditEntry => ({
  id: 1,
  at: "2026-03-01T12:00:00Z",
  type,
  actor,
  ip: null,
  detail,
});

const held = {
  confirmation_id: "c1",
  device_id: "d1",
  device_name: "Assistant",
  service: "lock.unlock",
  entities: ["lock.front_door"],
  via: "mcp",
};

describe("the guard rails and MCP in the activity log", () => {
  it("says who decided a held call, and how it ended", () => {
    expect(describeAudit(entry("confirm.requested", held, "Assistant"))).toBe(
      "“Assistant” asked for your OK to unlock lock.front_door",
    );
    expect(describeAudit(entry("confirm.allowed", { ...held, by: "anna" }))).toBe(
      "anna let “Assistant” unlock lock.front_door",
    );
    expect(
      describeAudit(
        entry("confirm.denied", { ...held, by: "notify.mobile_app_pixel", answered_on: "phone" }),
      ),
    ).toBe("notify.mobile_app_pixel refused to let “Assistant” unlock lock.front_door on the phone");
    expect(describeAudit(entry("confirm.timed_out", { ...held, by: null }, null))).toBe(
      "Nobody answered in time, so “Assistant” could not unlock lock.front_door",
    );
    expect(describeAudit(entry("confirm.withdrawn", { ...held, why: "caller_left" }, "Assistant"))).toBe(
      "“Assistant” no longer asks to unlock lock.front_door: it stopped waiting",
    );
    // Entries since the names were kept read by name; older ones (ids only) still read.
    expect(
      describeAudit(entry("confirm.allowed", { ...held, entity_names: ["Front Door"], by: "anna" })),
    ).toBe("anna let “Assistant” unlock Front Door");
    expect(auditTone("confirm.denied")).toBe("warn");
    expect(auditTone("confirm.timed_out")).toBe("warn");
    expect(auditTone("confirm.allowed")).toBe("good");
  });

  it("says a rate and the confirm settings in words", () => {
    const rate = { device_id: "d1", name: "Node-RED", from: null };
    expect(describeAudit(entry("device.rate_changed", { ...rate, to: { burst: 5, per_minute: 60 } }))).toBe(
      "anna set the call rate of “Node-RED” to 60 a minute, 5 at once",
    );
    expect(describeAudit(entry("device.rate_changed", { ...rate, to: null }))).toBe(
      "anna returned “Node-RED” to the default call rate",
    );
    const settings = { from: {}, to: { notify_service: "notify.mobile_app_pixel", timeout_s: 120 } };
    expect(describeAudit(entry("confirm.settings_changed", settings))).toBe(
      "anna changed how calls ask first: ask on notify.mobile_app_pixel too, a call waits 2 minutes",
    );
  });

  it("names the agent of an MCP session and its tool calls", () => {
    const agent = { device_name: "Assistant", client: "claude-code" };
    expect(describeAudit(entry("mcp.session_opened", agent, "d1"))).toBe(
      "“Assistant” connected over MCP with claude-code",
    );
    expect(describeAudit(entry("mcp.session_closed", { ...agent, reason: "revoked" }, "d1"))).toBe(
      "“Assistant”’s MCP session ended: its access was revoked or ended",
    );
    expect(
      describeAudit(entry("mcp.tool_called", { ...agent, tool: "get_entity", outcome: "ok" }, "d1")),
    ).toBe("“Assistant” used get_entity over MCP");
    expect(
      describeAudit(
        entry("mcp.tool_called", { ...agent, tool: "call_service", outcome: "Not in scope." }, "d1"),
      ),
    ).toBe("“Assistant” used call_service over MCP (answered: Not in scope.)");
    expect(AUDIT_FILTERS.some((f) => f.type === "mcp" && inAuditGroup("mcp.tool_called", f.type))).toBe(true);
  });
});
