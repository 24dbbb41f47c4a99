import { type PassHours, type PassHoursInput, PassHoursSchema, WEEKDAYS } from "hasync";
import { describe, expect, it } from "vitest";
import { effectiveTimeZone } from "../ha/wall-clock.js";
import { passState, wallClockLabel } from "./hours.js";

const hours = (input: PassHoursInput): PassHours => PassHoursSchema.parse(input);
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const stateAt = (h: PassHours, when: string, zone = "UTC") => {
  const { state, changesAt } = passState(h, at(when), zone);
  return { state, changesAt: iso(changesAt) };
};

describe("passState", () => {
  it("is open for good without hours", () => {
    expect(passState(null, Date.now(), "Europe/Berlin")).toEqual({ state: "open", changesAt: null });
  });

  it("opens and closes on every weekday (2026-11-30 is a Monday)", () => {
    WEEKDAYS.forEach((day, index) => {
      const date = new Date(at("2026-11-30T00:00:00Z") + index * 86_400_000).toISOString().slice(0, 10);
      const h = hours({ windows: [{ day, from: "09:00", to: "13:00" }], outside: "closed" });
      expect(stateAt(h, `${date}T08:00:00Z`)).toEqual({
        state: "closed",
        changesAt: `${date}T09:00:00.000Z`,
      });
      expect(stateAt(h, `${date}T10:15:00Z`)).toEqual({ state: "open", changesAt: `${date}T13:00:00.000Z` });
      // The last minute is inside, the end is not.
      expect(stateAt(h, `${date}T12:59:59Z`).state).toBe("open");
      expect(stateAt(h, `${date}T13:00:00Z`).state).toBe("closed");
    });
  });

  it("names the next week's opening once this week's window has passed", () => {
    const h = hours({ windows: [{ day: "tue", from: "09:00", to: "13:00" }] });
    expect(stateAt(h, "2026-12-01T14:00:00Z")).toEqual({
      state: "closed",
      changesAt: "2026-12-08T09:00:00.000Z",
    });
  });

  it("is read-only outside the windows when the pass says read", () => {
    const h = hours({ windows: [{ day: "tue", from: "09:00", to: "13:00" }], outside: "read" });
    expect(stateAt(h, "2026-12-01T08:00:00Z").state).toBe("read_only");
  });

  it("ends a window at 24:00, the next day's midnight", () => {
    const h = hours({ windows: [{ day: "mon", from: "20:00", to: "24:00" }] });
    expect(stateAt(h, "2026-11-30T23:59:30Z")).toEqual({
      state: "open",
      changesAt: "2026-12-01T00:00:00.000Z",
    });
    expect(stateAt(h, "2026-12-01T00:00:00Z").state).toBe("closed");
  });

  it("merges adjacent and overlapping windows, across midnight and across the week's end", () => {
    const adjacent = hours({
      windows: [
        { day: "tue", from: "09:00", to: "11:00" },
        { day: "tue", from: "11:00", to: "13:00" },
        { day: "tue", from: "12:00", to: "14:00" },
      ],
    });
    expect(stateAt(adjacent, "2026-12-01T10:00:00Z").changesAt).toBe("2026-12-01T14:00:00.000Z");
    const midnight = hours({
      windows: [
        { day: "mon", from: "20:00", to: "24:00" },
        { day: "tue", from: "00:00", to: "02:00" },
      ],
    });
    expect(stateAt(midnight, "2026-11-30T21:00:00Z").changesAt).toBe("2026-12-01T02:00:00.000Z");
    const weekEnd = hours({
      windows: [
        { day: "sun", from: "22:00", to: "24:00" },
        { day: "mon", from: "00:00", to: "01:00" },
      ],
    });
    expect(stateAt(weekEnd, "2026-12-06T23:00:00Z").changesAt).toBe("2026-12-07T01:00:00.000Z");
    const always = hours({ windows: WEEKDAYS.map((day) => ({ day, from: "00:00", to: "24:00" })) });
    expect(stateAt(always, "2026-12-01T10:00:00Z")).toEqual({ state: "open", changesAt: null });
  });

  describe("in Europe/Berlin, whose clocks change on 2026-03-29 and 2026-10-25 at 01:00 UTC", () => {
    const zone = "Europe/Berlin";
    const sunday = hours({ windows: [{ day: "sun", from: "09:00", to: "13:00" }] });

    it("opens at 09:00 on the wall clock, on either side of a change", () => {
      // Saturday in winter time (UTC+1); Sunday 09:00 is already summer time (UTC+2).
      expect(stateAt(sunday, "2026-03-28T12:00:00Z", zone).changesAt).toBe("2026-03-29T07:00:00.000Z");
      expect(stateAt(sunday, "2026-03-29T07:00:00Z", zone)).toEqual({
        state: "open",
        changesAt: "2026-03-29T11:00:00.000Z",
      });
      expect(stateAt(sunday, "2026-10-24T12:00:00Z", zone).changesAt).toBe("2026-10-25T08:00:00.000Z");
      expect(stateAt(sunday, "2026-10-25T07:59:00Z", zone).state).toBe("closed");
    });

    it("keeps a window that spans the lost hour two real hours long", () => {
      const night = hours({ windows: [{ day: "sun", from: "01:00", to: "04:00" }] });
      expect(stateAt(night, "2026-03-29T00:30:00Z", zone)).toEqual({
        state: "open",
        changesAt: "2026-03-29T02:00:00.000Z",
      });
    });

    it("opens a window that starts inside the lost hour when the clock jumps past its start", () => {
      const gap = hours({ windows: [{ day: "sun", from: "02:30", to: "05:00" }] });
      expect(stateAt(gap, "2026-03-28T12:00:00Z", zone).changesAt).toBe("2026-03-29T01:00:00.000Z");
    });

    it("closes at the clocks going back and opens again when 02:30 comes round a second time", () => {
      const twice = hours({ windows: [{ day: "sun", from: "02:30", to: "04:00" }] });
      expect(stateAt(twice, "2026-10-25T00:45:00Z", zone)).toEqual({
        state: "open",
        changesAt: "2026-10-25T01:00:00.000Z",
      });
      expect(stateAt(twice, "2026-10-25T01:10:00Z", zone)).toEqual({
        state: "closed",
        changesAt: "2026-10-25T01:30:00.000Z",
      });
    });
  });

  it("reads a time zone this Node does not know as UTC instead of failing", () => {
    expect(effectiveTimeZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(effectiveTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    const h = hours({ windows: [{ day: "tue", from: "09:00", to: "13:00" }] });
    expect(stateAt(h, "2026-12-01T10:00:00Z", "Mars/Olympus_Mons")).toEqual(
      stateAt(h, "2026-12-01T10:00:00Z", "UTC"),
    );
  });
});

describe("wallClockLabel", () => {
  it("says the weekday and time on the zone's wall clock", () => {
    expect(wallClockLabel(at("2026-12-01T08:00:00Z"), "Europe/Berlin")).toBe("Tue 09:00");
    expect(wallClockLabel(at("2026-12-06T23:30:00Z"), "Europe/Berlin")).toBe("Mon 00:30");
  });
});
