import type { HaStatusResponse } from "hasync";
import { describe, expect, it } from "vitest";
import { haAdvice, howReached } from "./advice.js";

const base: HaStatusResponse = {
  state: "connected",
  mode: "url",
  url: "http://homeassistant.local:8123",
  ha_version: "2026.3.1",
  connected: true,
  last_error: null,
  connected_since: "2026-03-01T12:00:00Z",
  entity_count: 42,
  area_count: 6,
};

describe("the Home Assistant link in words", () => {
  it("says what is shared when connected", () => {
    const advice = haAdvice(base);
    expect(advice.tone).toBe("good");
    expect(advice.title).toBe("Connected to Home Assistant 2026.3.1");
    expect(advice.detail).toContain("42 entities in 6 areas");
  });

  it("tells the admin how to fix a refused token, by mode", () => {
    const url = haAdvice({ ...base, state: "auth_failed", connected: false });
    expect(url.tone).toBe("bad");
    expect(url.detail).toMatch(/long-lived access token/);
    const supervisor = haAdvice({ ...base, mode: "supervisor", state: "auth_failed", connected: false });
    expect(supervisor.detail).toMatch(/Restart the HAsync add-on/);
  });

  it("shows the last error while reconnecting and says the demo is not the real home", () => {
    const connecting = haAdvice({
      ...base,
      state: "connecting",
      connected: false,
      last_error: "ECONNREFUSED",
    });
    expect(connecting.detail).toContain("Last problem: ECONNREFUSED.");
    expect(connecting.detail).toContain("at http://homeassistant.local:8123");
    expect(haAdvice({ ...base, mode: "demo", state: "demo" }).detail).toMatch(/not your home/);
  });

  it("explains how HA is reached", () => {
    expect(howReached(base)).toContain("http://homeassistant.local:8123");
    expect(howReached({ mode: "supervisor", url: "" })).toMatch(/Supervisor/);
    expect(howReached({ mode: "demo", url: "" })).toMatch(/demo/);
  });
});
