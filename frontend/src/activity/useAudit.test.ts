import type { AuditEntry } from "hasync";
import { describe, expect, it } from "vitest";
import { auditPath, prependEntry } from "./useAudit.js";

const entry = (id: number): AuditEntry => ({
  id,
  at: "2026-03-01T12:00:00Z",
  type: "auth.login",
  actor: "a",
  ip: null,
  detail: {},
});

describe("activity paging", () => {
  it("builds relative paths with the group, page size and cursor", () => {
    expect(auditPath("", 50)).toBe("admin/audit?limit=50");
    expect(auditPath("gateway", 20, 120)).toBe("admin/audit?limit=20&type=gateway&before=120");
    expect(auditPath("auth", 20, null)).toBe("admin/audit?limit=20&type=auth");
  });

  it("prepends live entries once", () => {
    const list = [entry(2), entry(1)];
    expect(prependEntry(list, entry(3)).map((e) => e.id)).toEqual([3, 2, 1]);
    expect(prependEntry(list, entry(2))).toBe(list);
  });

  it("replaces a listed entry in place when it comes again with a new count", () => {
    const list = [entry(2), entry(1)];
    const grown = { ...entry(1), count: 40, last_at: "2026-03-01T12:05:00Z" };
    expect(prependEntry(list, grown)).toEqual([entry(2), grown]);
  });
});
