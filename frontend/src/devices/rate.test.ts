import { describe, expect, it } from "vitest";
import { draftOf, rateInWords, rateOf } from "./rate.js";

describe("a device's call rate", () => {
  it("reads the default and a device's own rate in words", () => {
    expect(rateInWords(null)).toBe("Default (600 a minute)");
    expect(rateInWords({ per_minute: 1200, burst: 5 })).toBe("1,200 a minute, 5 at once");
    expect(draftOf(null)).toEqual({ per_minute: "600", burst: "20" });
  });

  it("accepts whole numbers in the contract's bounds only", () => {
    expect(rateOf({ per_minute: "30", burst: "3" })).toEqual({
      ok: true,
      rate: { per_minute: 30, burst: 3 },
    });
    for (const bad of [
      { per_minute: "", burst: "3" },
      { per_minute: "0", burst: "3" },
      { per_minute: "30", burst: "201" },
      { per_minute: "2.5", burst: "3" },
      { per_minute: "7000", burst: "3" },
    ]) {
      expect(rateOf(bad).ok).toBe(false);
    }
  });
});
