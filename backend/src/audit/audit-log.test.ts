import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../db/database.js";
import { memoryLogger, tempDir } from "../test-support/harness.js";
import { AuditLog } from "./audit-log.js";

const open = () => openDatabase({ file: path.join(tempDir(), "hasync.db"), log: memoryLogger().log });
let db: ReturnType<typeof open> | undefined;
afterEach(() => {
  if (db) closeDatabase(db);
});

describe("AuditLog", () => {
  it("prunes to the newest entries, keeping their order and paging intact", () => {
    db = open();
    let clock = 1_000;
    const audit = new AuditLog(db, () => clock++);
    for (let i = 0; i < 25; i++) audit.record("gateway.call_refused", { actor: "dev_x", detail: { n: i } });
    expect(audit.prune(10)).toBe(15);
    expect(audit.prune(10)).toBe(0);
    const page = audit.list({ limit: 50 });
    expect(page.entries.map((e) => e.detail.n)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    expect(page.next_before).toBeNull();
  });

  it("tells listeners about each entry as it is written", () => {
    db = open();
    const audit = new AuditLog(db, () => 5);
    const seen: string[] = [];
    const off = audit.onEntry((e) => seen.push(e.type));
    audit.record("auth.login", { actor: "admin", ip: "127.0.0.1" });
    off();
    audit.record("auth.logout");
    expect(seen).toEqual(["auth.login"]);
  });
});
