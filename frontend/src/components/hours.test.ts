import { WEEKDAYS as CONTRACT_WEEKDAYS, PassHoursSchema } from "hasync";
import { describe, expect, it } from "vitest";
import {
  daysInWords,
  draftFromHours,
  type HoursDraft,
  hoursBrief,
  hoursFromDraft,
  hoursInWords,
  MAX_WINDOWS,
  newDraft,
  WEEKDAYS,
} from "./hours.js";

const draft = (rows: HoursDraft["rows"], outside: HoursDraft["outside"] = "closed"): HoursDraft => ({
  rows,
  outside,
});

describe("weekly hours of a pass", () => {
  it("agrees with the contract's weekdays and window limit", () => {
    expect(WEEKDAYS).toEqual(CONTRACT_WEEKDAYS);
    const tooMany = Array.from({ length: MAX_WINDOWS + 1 }, () => ({
      day: "mon",
      from: "09:00",
      to: "10:00",
    }));
    expect(PassHoursSchema.safeParse({ windows: tooMany, outside: "read" }).success).toBe(false);
    expect(PassHoursSchema.safeParse({ windows: tooMany.slice(1), outside: "read" }).success).toBe(true);
  });

  it("turns rows of days into one window per day, in weekday order, as the contract accepts", () => {
    const result = hoursFromDraft(
      draft(
        [
          { days: ["thu", "tue"], from: "09:00", to: "13:00" },
          { days: ["mon"], from: "18:30", to: "00:00" },
        ],
        "read",
      ),
    );
    expect(result).toEqual({
      ok: true,
      hours: {
        windows: [
          { day: "mon", from: "18:30", to: "24:00" },
          { day: "tue", from: "09:00", to: "13:00" },
          { day: "thu", from: "09:00", to: "13:00" },
        ],
        outside: "read",
      },
    });
    if (result.ok) expect(PassHoursSchema.parse(result.hours)).toEqual(result.hours);
  });

  it("drops repeated windows and reads times with seconds", () => {
    const result = hoursFromDraft(
      draft([
        { days: ["sat"], from: "10:00:00", to: "12:00" },
        { days: ["sat"], from: "10:00", to: "12:00" },
      ]),
    );
    expect(result).toEqual({
      ok: true,
      hours: { windows: [{ day: "sat", from: "10:00", to: "12:00" }], outside: "closed" },
    });
  });

  it("says what is wrong with each row", () => {
    const result = hoursFromDraft(
      draft([
        { days: [], from: "09:00", to: "10:00" },
        { days: ["mon"], from: "", to: "10:00" },
        { days: ["tue"], from: "22:00", to: "02:00" },
        { days: ["wed"], from: "08:00", to: "09:00" },
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rows[0]?.days).toMatch(/at least one day/);
    expect(result.rows[1]?.time).toMatch(/both times/);
    expect(result.rows[2]?.time).toMatch(/after the start.*next day/);
    expect(result.rows[3]).toBeUndefined();
    expect(hoursFromDraft(draft([]))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/at least one/),
    });
  });

  it("refuses more windows than the contract allows", () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({
      days: [...WEEKDAYS],
      from: `0${i}:00`,
      to: `0${i}:30`,
    }));
    expect(hoursFromDraft(draft(rows))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/At most 28/),
    });
  });

  it("groups saved windows back into rows, round-tripping", () => {
    const hours = {
      windows: [
        { day: "mon", from: "09:00", to: "17:00" },
        { day: "tue", from: "09:00", to: "17:00" },
        { day: "sat", from: "20:00", to: "24:00" },
      ],
      outside: "read",
    } as const;
    const back = draftFromHours({ windows: [...hours.windows], outside: hours.outside });
    expect(back).toEqual({
      rows: [
        { days: ["mon", "tue"], from: "09:00", to: "17:00" },
        { days: ["sat"], from: "20:00", to: "00:00" },
      ],
      outside: "read",
    });
    expect(hoursFromDraft(back)).toEqual({
      ok: true,
      hours: { windows: [...hours.windows], outside: "read" },
    });
    expect(hoursFromDraft(newDraft()).ok).toBe(true);
  });

  it("says the hours in words", () => {
    expect(daysInWords(["mon", "tue", "wed", "thu", "fri"])).toBe("Mon–Fri");
    expect(daysInWords(["fri", "mon", "tue", "sun"])).toBe("Mon, Tue, Fri, Sun");
    expect(daysInWords(["mon", "tue", "wed", "sat", "sun"])).toBe("Mon–Wed, Sat, Sun");
    expect(hoursInWords(null)).toBe("Any time");
    expect(
      hoursInWords({
        windows: [
          { day: "tue", from: "09:00", to: "13:00" },
          { day: "sat", from: "18:00", to: "24:00" },
        ],
        outside: "read",
      }),
    ).toBe("Tue 09:00–13:00; Sat 18:00–24:00. Outside these hours: read-only.");
    expect(hoursBrief({ windows: [{ day: "wed", from: "08:00", to: "12:00" }], outside: "closed" })).toBe(
      "Wed 08:00–12:00, closed outside them",
    );
  });
});
