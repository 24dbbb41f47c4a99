import { describe, expect, it } from "vitest";
import { haReachable } from "./ha-reachable.js";

const health = (state?: string) => ({
  status: "ok",
  version: "1",
  uptime_s: 1,
  checks: { database: "ok", ...(state ? { home_assistant: { state, ha_version: null } } : {}) },
});

describe("haReachable", () => {
  it("reads HAsync's link to Home Assistant from /health", () => {
    expect(haReachable(health("connected"))).toBe(true);
    expect(haReachable(health("demo"))).toBe(true);
    expect(haReachable(health("connecting"))).toBe(false);
    expect(haReachable(health("auth_failed"))).toBe(false);
  });

  it("does not claim Home Assistant is away when it cannot tell", () => {
    expect(haReachable(health())).toBeNull();
    expect(haReachable(null)).toBeNull();
    expect(haReachable("<html>")).toBeNull();
  });
});
