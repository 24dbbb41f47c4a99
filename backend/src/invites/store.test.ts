import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../db/database.js";
import { memoryLogger, tempDir } from "../test-support/harness.js";
import { InviteStore } from "./store.js";

const dir = tempDir();
const file = path.join(dir, "hasync.db");
const { log } = memoryLogger();
// Two connections to one file, as two processes would have: each decides on what it read.
const first = openDatabase({ file, log });
const second = openDatabase({ file, log });
afterAll(() => {
  closeDatabase(first);
  closeDatabase(second);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("taking an invite's last use", () => {
  it("lets only one of two connections that both saw it unused take it", () => {
    const now = Date.parse("2026-12-01T10:00:00Z");
    const a = new InviteStore(first);
    const b = new InviteStore(second);
    a.insert({
      id: "inv_race",
      secretHash: "0".repeat(64),
      name: "Race",
      scope: { areas: [], entities: ["light.hallway"], exclude: [], access: "read" },
      expiresAt: now + 60_000,
      hours: null,
      maxUses: 1,
      createdAt: now,
      createdBy: "admin",
    });
    expect(a.byId("inv_race")?.uses).toBe(0);
    expect(b.byId("inv_race")?.uses).toBe(0);
    expect(b.takeUse("inv_race", now)).toBe(true);
    expect(a.takeUse("inv_race", now)).toBe(false);
    expect(a.byId("inv_race")?.uses).toBe(1);
  });

  it("takes no use of a revoked or expired link", () => {
    const now = Date.parse("2026-12-01T10:00:00Z");
    const store = new InviteStore(first);
    for (const id of ["inv_revoked", "inv_expired"]) {
      store.insert({
        id,
        secretHash: id.padEnd(64, "0"),
        name: id,
        scope: { areas: [], entities: [], exclude: [], access: "read" },
        expiresAt: now + 60_000,
        hours: null,
        maxUses: 5,
        createdAt: now,
        createdBy: "admin",
      });
    }
    expect(store.revoke("inv_revoked", now)).toBe(true);
    expect(store.takeUse("inv_revoked", now)).toBe(false);
    expect(store.takeUse("inv_expired", now + 60_000)).toBe(false);
  });
});
