import fs from "node:fs";
import path from "node:path";
import type { AuditEntry } from "hasync";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../db/database.js";
import { memoryLogger, tempDir } from "../test-support/harness.js";
import { AuditLog, type RepeatedRecord } from "./audit-log.js";
import { MAX_DETAIL_JSON_CHARS } from "./clip.js";

const open = () => openDatabase({ file: path.join(tempDir(), "hasync.db"), log: memoryLogger().log });
let db: ReturnType<typeof open> | undefined;
afterEach(() => {
  if (db) closeDatabase(db);
});

const refusal = (device: string, service: string, reason = "read only"): RepeatedRecord => ({
  key: JSON.stringify([device, service, reason]),
  actor: device,
  ip: "192.0.2.9",
  detail: { service, reason },
  overflowDetail: { reason: "too many kinds" },
});
const rows = () =>
  db?.prepare("SELECT type, actor, count, detail FROM audit_log ORDER BY id").all() as {
    type: string;
    actor: string;
    count: number;
    detail: string;
  }[];

describe("AuditLog", () => {
  it("prunes each class to its newest entries, keeping their order and paging intact", () => {
    db = open();
    let clock = 1_000;
    const audit = new AuditLog(db, () => clock++);
    for (let i = 0; i < 25; i++) audit.record("gateway.call_refused", { actor: "dev_x", detail: { n: i } });
    for (let i = 0; i < 5; i++) audit.record("auth.login", { actor: "admin", detail: { n: 100 + i } });
    expect(audit.prune(3, 10)).toBe(17);
    expect(audit.prune(3, 10)).toBe(0);
    const page = audit.list({ limit: 50 });
    expect(page.entries.map((e) => e.detail.n)).toEqual([
      104, 103, 102, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15,
    ]);
    expect(page.next_before).toBeNull();
  });

  it("never lets device or LAN noise push the admin's pairing and sign-in history out", () => {
    db = open();
    const audit = new AuditLog(db, () => 5);
    audit.record("pairing.approved", { actor: "admin", detail: { name: "Kitchen tablet" } });
    audit.record("auth.lockout", { detail: { retry_after_s: 300 } });
    for (let i = 0; i < 500; i++) {
      audit.record("gateway.call_refused", { actor: "dev_x", detail: { n: i } });
      audit.record("pairing.requested", { actor: `LAN flood ${i}`, ip: "192.0.2.66" });
      audit.record("mcp.tool_called", { actor: "Assistant", detail: { tool: "call_service", n: i } });
      audit.record("confirm.requested", { actor: "Assistant", detail: { n: i } });
      audit.record("confirm.withdrawn", { actor: "Assistant", detail: { n: i } });
    }
    audit.prune(100, 50);
    const kept = audit.list({ limit: 500 }).entries.map((e) => e.type);
    for (const agent of ["mcp.tool_called", "confirm.requested", "confirm.withdrawn"])
      expect(kept.filter((t) => t === agent)).toHaveLength(50);
    expect(kept.filter((t) => t === "gateway.call_refused")).toHaveLength(50);
    expect(kept.filter((t) => t === "pairing.requested")).toHaveLength(50);
    expect(kept).toEqual(expect.arrayContaining(["pairing.approved", "auth.lockout"]));
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

  it("keeps the WAL small over 20,000 writes: each runs to completion, so SQLite checkpoints", () => {
    const file = path.join(tempDir(), "hasync.db");
    db = openDatabase({ file, log: memoryLogger().log });
    const audit = new AuditLog(db, Date.now);
    for (let i = 0; i < 20_000; i++) {
      audit.record("auth.login_failed", { actor: `user ${i % 7}`, ip: "192.0.2.1", detail: { n: i } });
    }
    // 0861a99 ran `INSERT … RETURNING *` with .get(): 357 MB here.
    expect(fs.statSync(`${file}-wal`).size).toBeLessThan(8 * 1024 * 1024);
  });
});

describe("repeated refusals", () => {
  it("fold into one entry with a count, pushed to listeners as it grows", () => {
    db = open();
    let clock = 1_000;
    const audit = new AuditLog(db, () => clock);
    const seen: AuditEntry[] = [];
    audit.onEntry((e) => seen.push(e));
    for (let i = 0; i < 5000; i++) {
      clock += 1;
      audit.recordRepeated("gateway.call_refused", refusal("dev_a", "lock.unlock"));
    }
    audit.recordRepeated("gateway.call_refused", refusal("dev_a", "light.turn_on"));
    const [first, other] = audit.list({ limit: 10 }).entries.reverse();
    expect(first).toMatchObject({ count: 5000, detail: { service: "lock.unlock" } });
    expect(first?.last_at).toBe(new Date(6000).toISOString());
    expect(other?.count).toBeUndefined();
    expect(rows()).toHaveLength(2);
    // The first refusal live at once, then its count when written back.
    expect(seen.map((e) => [e.id, e.count])).toEqual([
      [first?.id, undefined],
      [first?.id, 5000],
      [other?.id, undefined],
    ]);
  });

  it("start a new entry once the window has passed", () => {
    db = open();
    let clock = 0;
    const audit = new AuditLog(db, () => clock, { windowMs: 1000, maxKeysPerActor: 20, maxOpen: 100 });
    for (let i = 0; i < 3; i++) audit.recordRepeated("gateway.call_refused", refusal("dev_a", "lock.unlock"));
    clock = 1000;
    audit.recordRepeated("gateway.call_refused", refusal("dev_a", "lock.unlock"));
    audit.flush();
    expect(rows().map((r) => r.count)).toEqual([3, 1]);
  });

  it("give one device a bounded number of entries however it varies its calls", () => {
    db = open();
    const audit = new AuditLog(db, () => 1, { windowMs: 60_000, maxKeysPerActor: 20, maxOpen: 100 });
    for (let i = 0; i < 3000; i++) {
      audit.recordRepeated("gateway.call_refused", refusal("dev_a", `x${i}.turn_on`));
    }
    audit.recordRepeated("gateway.call_refused", refusal("dev_b", "lock.unlock"));
    audit.flush();
    const written = rows();
    const ofA = written.filter((r) => r.actor === "dev_a");
    expect(ofA).toHaveLength(21);
    expect(ofA.reduce((sum, r) => sum + r.count, 0)).toBe(3000);
    expect(JSON.parse(ofA[20]?.detail ?? "{}")).toEqual({ reason: "too many kinds" });
    // Another device has room of its own.
    expect(written.filter((r) => r.actor === "dev_b")).toHaveLength(1);
  });
});

describe("stored fields", () => {
  it("are cut to sane lengths: a 60 kB service, a long actor, deep and long detail", () => {
    db = open();
    const audit = new AuditLog(db, () => 1);
    const huge = "d".repeat(60_000);
    const entry = audit.record("gateway.call_refused", {
      actor: "a".repeat(5000),
      ip: "1".repeat(500),
      detail: {
        service: `${huge}.turn_on`,
        list: Array.from({ length: 500 }, (_, i) => `light.l${i}`),
        deep: { a: { b: { c: { d: { e: "too deep" } } } } },
        emoji: `${"x".repeat(198)}🍳🍳`,
      },
    });
    const stored = db.prepare("SELECT actor, ip, detail FROM audit_log WHERE id = ?").get(entry.id) as {
      actor: string;
      ip: string;
      detail: string;
    };
    expect(stored.actor.length).toBeLessThanOrEqual(100);
    expect(stored.ip.length).toBeLessThanOrEqual(64);
    const detail = JSON.parse(stored.detail) as Record<string, unknown>;
    expect((detail.service as string).length).toBe(200);
    expect(detail.service).toMatch(/^d+…$/);
    expect(detail.list).toHaveLength(51);
    expect((detail.list as string[])[50]).toBe("… 450 more");
    expect(detail.deep).toEqual({ a: { b: { c: "…" } } });
    expect(detail.emoji).toBe(`${"x".repeat(198)}…`);
    expect(entry.detail).toEqual(detail);
  });

  it("fall back to the top-level scalars when the detail is still too big", () => {
    db = open();
    const audit = new AuditLog(db, () => 1);
    const wide = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`k${i}`, Array.from({ length: 50 }, () => "v".repeat(200))]),
    );
    const entry = audit.record("device.scope_changed", { detail: { device_id: "dev_a", ...wide } });
    expect(entry.detail).toEqual({ truncated: true, device_id: "dev_a" });
    expect(JSON.stringify(entry.detail).length).toBeLessThan(MAX_DETAIL_JSON_CHARS);
  });
});
