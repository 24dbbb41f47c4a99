import { describe, expect, it } from "vitest";
import { timeoutChoices, timeoutInWords } from "./settings.js";

describe("how long a held call waits", () => {
  it("offers the presets, and the current wait when it is not one", () => {
    expect(timeoutChoices(120)).toEqual([15, 30, 60, 120, 300, 600]);
    expect(timeoutChoices(90)).toEqual([15, 30, 60, 90, 120, 300, 600]);
  });

  it("says it in words", () => {
    expect(timeoutInWords(15)).toBe("15 seconds");
    expect(timeoutInWords(60)).toBe("1 minute");
    expect(timeoutInWords(90)).toBe("1 minute 30 seconds");
    expect(timeoutInWords(600)).toBe("10 minutes");
  });
});
