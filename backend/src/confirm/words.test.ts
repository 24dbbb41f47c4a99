import { describe, expect, it } from "vitest";
import { panelLink } from "./panel-link.js";
import { actionAsSubject, actionInWords, declinedInWords, durationInWords } from "./words.js";

describe("held calls in words", () => {
  it("names the action and its entities as the household reads them", () => {
    expect(actionAsSubject("lock.unlock", ["Front Door"])).toBe("Unlocking Front Door");
    expect(actionInWords("alarm_control_panel.alarm_disarm", ["Home Alarm"])).toBe("disarm Home Alarm");
    expect(actionAsSubject("cover.open_cover", ["Garage Door", "Gate"])).toBe("Opening Garage Door and Gate");
    expect(actionInWords("light.turn_on", ["A", "B", "C", "D"])).toBe("turn on A, B and 2 more");
    expect(actionAsSubject("script.good_night", ["Good Night"])).toBe(
      "Calling script.good_night on Good Night",
    );
    expect(declinedInWords("timed_out", "Unlocking Front Door", 120_000)).toBe(
      "Unlocking Front Door was not confirmed: no answer within 2 minutes.",
    );
  });

  it("says waits in minutes when whole, else seconds", () => {
    expect(durationInWords(60_000)).toBe("1 minute");
    expect(durationInWords(600_000)).toBe("10 minutes");
    expect(durationInWords(90_000)).toBe("90 seconds");
    expect(durationInWords(200)).toBe("1 second");
  });

  it("links HAsync's panel inside HA under the Supervisor, else its admin page on the LAN", () => {
    const base = { lanPort: () => 8099, lanTls: false };
    expect(
      panelLink({ ...base, addonSlug: "local_hasync", haConfig: () => ({ version: "2026.11.3" }) }),
    ).toBe("/app/local_hasync");
    expect(
      panelLink({ ...base, addonSlug: "local_hasync", haConfig: () => ({ version: "2025.12.1" }) }),
    ).toBe("/hassio/ingress/local_hasync");
    expect(
      panelLink({
        ...base,
        addonSlug: null,
        haConfig: () => ({ internal_url: "http://homeassistant.local:8123" }),
      }),
    ).toBe("http://homeassistant.local:8099/admin/");
    expect(panelLink({ ...base, addonSlug: null, haConfig: () => null })).toBeNull();
  });
});
