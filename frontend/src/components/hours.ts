import type { PassHours, Weekday, WeeklyWindow } from "hasync";

/**
 * Weekly hours of a guest pass as the admin edits them: a few rows of "these days, from – to",
 * turned into the contract's one-window-per-day list (`PassHours`) only when saved. Mirrors
 * hasync's `WEEKDAYS` and the 28-window limit without importing its runtime, which would pull zod
 * into the UI bundle (the test checks they agree).
 */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const satisfies Weekday[];
export const MAX_WINDOWS = 28;

export const DAY_NAMES: Record<Weekday, { short: string; long: string }> = {
  mon: { short: "Mon", long: "Monday" },
  tue: { short: "Tue", long: "Tuesday" },
  wed: { short: "Wed", long: "Wednesday" },
  thu: { short: "Thu", long: "Thursday" },
  fri: { short: "Fri", long: "Friday" },
  sat: { short: "Sat", long: "Saturday" },
  sun: { short: "Sun", long: "Sunday" },
};

export type Outside = PassHours["outside"];

export interface HoursRow {
  days: Weekday[];
  /** `<input type="time">` values, `""` while incomplete. */
  from: string;
  to: string;
}

export interface HoursDraft {
  rows: HoursRow[];
  outside: Outside;
}

export interface RowProblem {
  days?: string;
  time?: string;
}

export type HoursResult =
  | { ok: true; hours: PassHours }
  | { ok: false; problem?: string; rows: Array<RowProblem | undefined> };

export const newRow = (): HoursRow => ({
  days: ["mon", "tue", "wed", "thu", "fri"],
  from: "09:00",
  to: "17:00",
});
export const newDraft = (): HoursDraft => ({ rows: [newRow()], outside: "closed" });

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `"09:00:00"` → `"09:00"`; null when it is not a time of day. */
function clock(value: string): string | null {
  const hhmm = value.slice(0, 5);
  return CLOCK.test(hhmm) ? hhmm : null;
}

function rowProblem(row: HoursRow): RowProblem | undefined {
  const from = clock(row.from);
  const to = clock(row.to);
  const problem: RowProblem = {};
  if (row.days.length === 0) problem.days = "Pick at least one day.";
  if (from === null || to === null) problem.time = "Enter both times, like 09:00 and 13:00.";
  else if (endOf(to) <= from)
    problem.time =
      "The end must be after the start. For hours past midnight, add a second row for the next day.";
  return problem.days || problem.time ? problem : undefined;
}

/** An end of `00:00` means midnight at the end of the day, which the contract writes `24:00`. */
const endOf = (to: string): string => (to === "00:00" ? "24:00" : to);

/** The windows a draft stands for, one per day and time, in weekday order, without repeats. */
export function hoursFromDraft(draft: HoursDraft): HoursResult {
  const rows = draft.rows.map(rowProblem);
  if (draft.rows.length === 0) return { ok: false, problem: "Add at least one row of hours.", rows };
  if (rows.some((p) => p !== undefined)) return { ok: false, rows };
  const seen = new Set<string>();
  const windows: WeeklyWindow[] = [];
  for (const row of draft.rows) {
    const from = clock(row.from) ?? "";
    const to = endOf(clock(row.to) ?? "");
    for (const day of row.days) {
      const key = `${day} ${from} ${to}`;
      if (!seen.has(key)) windows.push({ day, from, to });
      seen.add(key);
    }
  }
  windows.sort((a, b) => WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) || a.from.localeCompare(b.from));
  if (windows.length > MAX_WINDOWS) {
    return { ok: false, problem: `At most ${MAX_WINDOWS} day-and-time windows; merge some rows.`, rows };
  }
  return { ok: true, hours: { windows, outside: draft.outside } };
}

/** Saved hours back into rows: windows with the same times share a row. */
export function draftFromHours(hours: PassHours): HoursDraft {
  const rows: HoursRow[] = [];
  for (const w of hours.windows) {
    const to = w.to === "24:00" ? "00:00" : w.to;
    const row = rows.find((r) => r.from === w.from && r.to === to);
    if (row) {
      if (!row.days.includes(w.day)) row.days.push(w.day);
    } else rows.push({ days: [w.day], from: w.from, to });
  }
  for (const row of rows) row.days.sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
  return { rows, outside: hours.outside };
}

/** `["mon","tue","wed","fri"]` → `"Mon–Wed, Fri"`: runs of three or more days as a range. */
export function daysInWords(days: readonly Weekday[]): string {
  const index = WEEKDAYS.flatMap((d, i) => (days.includes(d) ? [i] : []));
  const parts: string[] = [];
  let start = 0;
  for (let k = 1; k <= index.length; k++) {
    if (k < index.length && index[k] === index[k - 1] + 1) continue;
    const run = index.slice(start, k).map((i) => DAY_NAMES[WEEKDAYS[i]].short);
    if (run.length >= 3) parts.push(`${run[0]}–${run[run.length - 1]}`);
    else parts.push(...run);
    start = k;
  }
  return parts.join(", ");
}

export const OUTSIDE_WORDS: Record<Outside, string> = {
  read: "read-only",
  closed: "closed",
};

/** `"Mon–Fri 09:00–17:00; Sat 10:00–12:00"`, the hours on one line. */
export function windowsInWords(hours: PassHours): string {
  return draftFromHours(hours)
    .rows.map((r) => `${daysInWords(r.days)} ${r.from}–${r.to === "00:00" ? "24:00" : r.to}`)
    .join("; ");
}

/** `"Tue 09:00–13:00, read-only outside them"`, for lists and the activity log. */
export function hoursBrief(hours: PassHours): string {
  return `${windowsInWords(hours)}, ${OUTSIDE_WORDS[hours.outside]} outside them`;
}

/** The hours and what happens outside them, in one sentence. */
export function hoursInWords(hours: PassHours | null): string {
  if (hours === null) return "Any time";
  return `${windowsInWords(hours)}. Outside these hours: ${OUTSIDE_WORDS[hours.outside]}.`;
}
