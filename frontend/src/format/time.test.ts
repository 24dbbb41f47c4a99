import { describe, expect, it } from "vitest";
import { expiryInWords, timeAgo, toLocalInput } from "./time.js";

const now = Date.parse("2026-03-01T12:00:00Z");

describe("times in words", () => {
  it("says how long ago, rounding to the largest unit", () => {
    expect(timeAgo("2026-03-01T11:59:50Z", now)).toBe("just now");
    expect(timeAgo("2026-03-01T11:55:00Z", now)).toBe("5 minutes ago");
    expect(timeAgo("2026-03-01T10:00:00Z", now)).toBe("2 hours ago");
    expect(timeAgo("2026-02-28T12:00:00Z", now)).toBe("yesterday");
    expect(timeAgo("2026-03-04T12:00:00Z", now)).toBe("in 3 days");
    expect(timeAgo("not a date", now)).toBe("unknown");
  });

  it("describes expiry, including none and past", () => {
    expect(expiryInWords(null, now)).toBe("never");
    expect(expiryInWords("2026-03-01T11:00:00Z", now)).toBe("expired");
    expect(expiryInWords("2026-03-01T13:00:00Z", now)).toBe("in 1 hour");
  });

  it("formats datetime-local values that parse back to the same minute", () => {
    const ms = Date.parse("2026-03-01T12:34:00Z");
    expect(new Date(toLocalInput(ms)).getTime()).toBe(ms);
  });
});
