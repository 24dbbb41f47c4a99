import { describe, expect, it } from "vitest";
import { applyDiff, expandState } from "./compressed.js";
import { sanitizeAttributes } from "./sanitize.js";
import { backoffDelay } from "./timings.js";

const T0 = 1_700_000_000.25;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe("compressed states", () => {
  it("expands an `a` entry with a bare context id and lu defaulting to lc", () => {
    const state = expandState("light.desk", { s: "on", a: { brightness: 3 }, c: "ctx1", lc: T0 });
    expect(state).toEqual({
      entity_id: "light.desk",
      state: "on",
      attributes: { brightness: 3 },
      last_changed: iso(T0),
      last_updated: iso(T0),
      context: { id: "ctx1", parent_id: null, user_id: null },
    });
  });

  it("keeps a full context object and a separate lu", () => {
    const state = expandState("lock.door", {
      s: "locked",
      c: { id: "c2", parent_id: "p", user_id: "u" },
      lc: T0,
      lu: T0 + 5,
    });
    expect(state?.context).toEqual({ id: "c2", parent_id: "p", user_id: "u" });
    expect(state?.last_updated).toBe(iso(T0 + 5));
    expect(state?.attributes).toEqual({});
  });

  it("truncates to the millisecond, as parsing HA's own ISO string does", () => {
    const state = expandState("x.y", { s: "on", lc: 1764237600.123, lu: 1764237600.123999 });
    expect(state?.last_changed).toBe("2025-11-27T10:00:00.123Z");
    expect(state?.last_updated).toBe(new Date(Date.parse("2025-11-27T10:00:00.123999+00:00")).toISOString());
  });

  it("rejects malformed entries instead of inventing data", () => {
    expect(expandState("x.y", { a: {} })).toBeNull();
    expect(expandState("x.y", { s: "on" })).toBeNull();
    expect(expandState("x.y", "garbage")).toBeNull();
  });

  it("applies a diff: new lc moves both timestamps, attributes merge and get removed", () => {
    const old = expandState("light.desk", {
      s: "on",
      a: { brightness: 3, color: "red" },
      c: { id: "c1", parent_id: null, user_id: "u1" },
      lc: T0,
    });
    if (old === null) throw new Error("fixture");
    const next = applyDiff(old, {
      "+": { s: "off", lc: T0 + 10, a: { brightness: 0 }, c: "c9" },
      "-": { a: ["color"] },
    });
    expect(next).toEqual({
      ...old,
      state: "off",
      last_changed: iso(T0 + 10),
      last_updated: iso(T0 + 10),
      attributes: { brightness: 0 },
      context: { id: "c9", parent_id: null, user_id: "u1" },
    });
    expect(old.attributes).toEqual({ brightness: 3, color: "red" });
  });

  it("an lu-only diff leaves last_changed alone", () => {
    const old = expandState("sensor.t", { s: "20", c: "c1", lc: T0 });
    if (old === null) throw new Error("fixture");
    const next = applyDiff(old, { "+": { a: { x: 1 }, lu: T0 + 3 } });
    expect(next?.last_changed).toBe(iso(T0));
    expect(next?.last_updated).toBe(iso(T0 + 3));
    expect(next?.state).toBe("20");
  });
});

describe("backoff", () => {
  it("doubles from 1 s to a 30 s cap with downward jitter", () => {
    const at = (attempt: number, r: number) =>
      backoffDelay(attempt, { initialMs: 1000, maxMs: 30_000, random: () => r });
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((a) => at(a, 1))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(at(0, 0)).toBe(750);
    expect(at(9, 0)).toBe(22_500);
  });
});

describe("sanitizeAttributes", () => {
  it("strips access_token and token-bearing pictures, keeps the rest", () => {
    const attrs = {
      friendly_name: "Porch",
      access_token: "secret",
      entity_picture: "/api/camera_proxy/camera.porch?token=secret",
    };
    expect(sanitizeAttributes(attrs)).toEqual({ friendly_name: "Porch" });
    const plain = { friendly_name: "Me", entity_picture: "/local/me.png" };
    expect(sanitizeAttributes(plain)).toBe(plain);
  });
});
