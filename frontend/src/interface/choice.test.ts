import { describe, expect, it } from "vitest";
import { availabilityInWords, savedInWords } from "./choice.js";

describe("the interface choice in words", () => {
  it("says which HA version's interface is served, or why none is", () => {
    expect(availabilityInWords({ available: true, version: "2026.11.3", reason: null })).toBe(
      "Home Assistant’s interface is available (Home Assistant 2026.11.3).",
    );
    expect(
      availabilityInWords({
        available: false,
        version: null,
        reason: "the embedded demo home has no Home Assistant interface to serve",
      }),
    ).toBe(
      "Home Assistant’s interface is not available here. The embedded demo home has no Home Assistant interface to serve. Devices get HAsync’s dashboard whatever you choose.",
    );
  });

  it("says what a saved choice does now", () => {
    expect(savedInWords("hasync", true)).toBe("Devices now get HAsync’s dashboard.");
    expect(savedInWords("home_assistant", true)).toBe("Devices now get Home Assistant’s interface.");
    expect(savedInWords("home_assistant", false)).toBe(
      "Saved: devices get Home Assistant’s interface once it is available.",
    );
  });
});
