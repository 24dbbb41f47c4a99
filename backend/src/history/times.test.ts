import { describe, expect, it } from "vitest";
import { zoneOffsetMs } from "../ha/wall-clock.js";
import { haDatetimeMs, isHaDatetime, startOfLocalDay } from "./times.js";

describe("HA's datetime reading (util/dt.py parse_datetime, as_utc, start_of_local_day)", () => {
  it("accepts what HA parses and refuses the rest", () => {
    for (const text of [
      "2026-11-03",
      "2026-11-03T10:00",
      "2026-11-03 10:00:00.123456+01:00",
      "2026-11-03T10:00:00Z",
    ])
      expect([text, isHaDatetime(text)]).toEqual([text, true]);
    for (const text of ["yesterday", "", "2026-13-01", "2026-11-03T25:00", "1700000000"])
      expect([text, isHaDatetime(text)]).toEqual([text, false]);
  });

  it("reads a naive time in HA's zone and an explicit offset as given", () => {
    expect(haDatetimeMs("2026-07-01T12:00:00", "Europe/Berlin")).toBe(Date.parse("2026-07-01T10:00:00Z"));
    expect(haDatetimeMs("2026-07-01T12:00:00+00:00", "Europe/Berlin")).toBe(
      Date.parse("2026-07-01T12:00:00Z"),
    );
    expect(zoneOffsetMs("Not/AZone", 0)).toBe(0);
  });

  it("finds today's midnight in HA's zone", () => {
    const now = Date.parse("2026-12-01T23:30:00Z");
    expect(startOfLocalDay(now, "Europe/Berlin")).toBe(Date.parse("2026-12-01T23:00:00Z"));
    expect(startOfLocalDay(now, "UTC")).toBe(Date.parse("2026-12-01T00:00:00Z"));
  });
});
