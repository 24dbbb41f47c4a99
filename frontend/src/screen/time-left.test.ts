import { describe, expect, it } from "vitest";
import { countdown, localExpiry, tickFor, timeLeft, whenInWords } from "./time-left.js";

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe("timeLeft", () => {
  it("reads as a household would, never more than there is", () => {
    expect(timeLeft(3 * D + 5 * H)).toBe("3 days");
    expect(timeLeft(2 * D)).toBe("2 days");
    expect(timeLeft(D + 4 * H + 59 * MIN)).toBe("1 day 4 hours");
    expect(timeLeft(D + H)).toBe("1 day 1 hour");
    expect(timeLeft(D + 59 * MIN)).toBe("1 day");
    expect(timeLeft(2 * H + 5 * MIN + 59 * S)).toBe("2 h 05 min");
    expect(timeLeft(59 * MIN + 59 * S)).toBe("59 min");
    expect(timeLeft(MIN)).toBe("1 min");
    expect(timeLeft(45 * S + 900)).toBe("45 s");
    expect(timeLeft(-5 * S)).toBe("0 s");
  });

  it("is redrawn every second only near the end", () => {
    expect(tickFor(90 * S)).toBe(1000);
    expect(tickFor(30 * MIN)).toBe(5000);
    expect(tickFor(5 * H)).toBe(30_000);
  });
});

describe("countdown", () => {
  it("counts a pairing code down in minutes and seconds, rounded up", () => {
    expect(countdown(10 * MIN)).toBe("10:00");
    expect(countdown(9 * MIN + 4 * S + 1)).toBe("9:05");
    expect(countdown(42 * S)).toBe("0:42");
    expect(countdown(0)).toBe("0:00");
    expect(countdown(-3 * S)).toBe("0:00");
  });
});

describe("whenInWords", () => {
  // Tuesday 2026-12-01 08:00 in Berlin (07:00 UTC).
  const now = Date.parse("2026-12-01T07:00:00Z");
  const zone = "Europe/Berlin";

  it("says when a closed pass opens, in Home Assistant's time zone", () => {
    expect(whenInWords("2026-12-01T08:00:00Z", now, zone)).toBe("09:00");
    expect(whenInWords("2026-12-02T08:00:00Z", now, zone)).toBe("tomorrow at 09:00");
    expect(whenInWords("2026-12-04T16:30:00Z", now, zone)).toBe("Friday at 17:30");
    expect(whenInWords("2026-12-15T08:00:00Z", now, zone)).toBe("Tue 15 Dec at 09:00");
  });

  it("uses the zone, not the browser's clock, for the day", () => {
    // 23:30 UTC on the 1st is already the 2nd in Berlin.
    expect(whenInWords("2026-12-01T23:30:00Z", now, zone)).toBe("tomorrow at 00:30");
    expect(whenInWords("2026-12-01T23:30:00Z", now, "UTC")).toBe("23:30");
  });

  it("survives an unknown zone or date", () => {
    expect(whenInWords("2026-12-01T08:00:00Z", now, "Mars/Olympus")).toMatch(/^\d\d:\d\d$/);
    expect(whenInWords("soon", now, zone)).toBe("later");
  });
});

describe("localExpiry", () => {
  const at = Date.parse("2026-12-01T10:00:00Z");

  it("counts from the server's expiry when the clocks roughly agree", () => {
    expect(localExpiry("2026-12-01T10:09:30Z", at)).toBe(at + 9.5 * MIN);
  });

  it("falls back to the usual ten minutes when this clock is far off", () => {
    expect(localExpiry("2026-12-01T09:00:00Z", at)).toBe(at + 10 * MIN);
    expect(localExpiry("2026-12-02T10:00:00Z", at)).toBe(at + 10 * MIN);
    expect(localExpiry("not a date", at)).toBe(at + 10 * MIN);
  });
});
