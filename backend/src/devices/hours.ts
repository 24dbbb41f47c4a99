import { type PassHours, type PassState, WEEKDAYS } from "hasync";
import { effectiveTimeZone, wallClock, zoneOffsetMs } from "../ha/wall-clock.js";

/**
 * Weekly pass hours, read in Home Assistant's time zone. A pass is a pure function of the wall
 * clock there: `open` inside a window, else what `hours.outside` says. Wall times are taken from
 * `Intl.DateTimeFormat` parts (no dependency, Node 18 and 20), so a DST change day opens and
 * closes at the wall-clock times the admin wrote, and a window lasts as long as the wall clock
 * says (23 or 25 hours on the day the clocks change, for an all-day window).
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEK_MIN = 7 * 1440;
/** Windows repeat weekly; a week and a day covers any DST shift of the next change. */
const HORIZON_MS = 8 * DAY_MS;

export interface PassNow {
  state: PassState;
  /** The next instant the state changes (a window opens or closes), or null if it never does. */
  changesAt: number | null;
}

/** Minutes since Monday 00:00 of a wall clock (fractional). */
function weekMinute(wall: number): number {
  const day = (new Date(wall).getUTCDay() + 6) % 7;
  return day * 1440 + (wall % DAY_MS) / MINUTE_MS;
}

const clockMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The windows as week-minute intervals, sorted, overlapping and touching ones merged. */
export function mergedWindows(hours: PassHours): Array<[number, number]> {
  const intervals = hours.windows
    .map((w): [number, number] => {
      const base = WEEKDAYS.indexOf(w.day) * 1440;
      return [base + clockMinutes(w.from), base + clockMinutes(w.to)];
    })
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of intervals) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** Week minutes where the state flips; Sunday 24:00 → Monday 00:00 is no flip when both are open. */
function boundaries(merged: Array<[number, number]>): number[] {
  const first = merged[0];
  const last = merged[merged.length - 1];
  const wraps = first !== undefined && last !== undefined && first[0] === 0 && last[1] === WEEK_MIN;
  const out: number[] = [];
  for (const [from, to] of merged) {
    if (!(wraps && from === 0)) out.push(from);
    if (!(wraps && to === WEEK_MIN)) out.push(to);
  }
  return out;
}

const inside = (merged: Array<[number, number]>, minute: number) =>
  merged.some(([from, to]) => minute >= from && minute < to);

/** Instants in (from, to] where the zone's UTC offset changes (sampled four times a day). */
function offsetChanges(from: number, to: number, timeZone: string): number[] {
  const out: number[] = [];
  let previous = from;
  let previousOffset = zoneOffsetMs(timeZone, from);
  for (let at = from + DAY_MS / 4; previous < to; at += DAY_MS / 4) {
    const sample = Math.min(at, to);
    const offset = zoneOffsetMs(timeZone, sample);
    if (offset !== previousOffset) {
      let low = previous;
      let high = sample;
      // To the millisecond: the first instant with the new offset.
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (zoneOffsetMs(timeZone, mid) === previousOffset) low = mid;
        else high = mid;
      }
      out.push(high);
    }
    previous = sample;
    previousOffset = offset;
  }
  return out;
}

/**
 * What a pass allows at `nowMs`, and when that next changes. `hours` null is "any time". Between
 * offset changes the wall clock runs with real time, so each stretch is solved directly; at an
 * offset change the wall clock jumps, which may itself open or close a window.
 */
export function passState(hours: PassHours | null, nowMs: number, timeZone: string): PassNow {
  if (hours === null) return { state: "open", changesAt: null };
  const zone = effectiveTimeZone(timeZone);
  const merged = mergedWindows(hours);
  const flips = boundaries(merged);
  const closedState: PassState = hours.outside === "read" ? "read_only" : "closed";
  const stateAt = (ms: number): PassState =>
    inside(merged, Math.floor(weekMinute(wallClock(ms, zone)))) ? "open" : closedState;
  const state = stateAt(nowMs);
  if (flips.length === 0) return { state, changesAt: null };
  const shifts = offsetChanges(nowMs, nowMs + HORIZON_MS, zone);
  let start = nowMs;
  for (const end of [...shifts, nowMs + HORIZON_MS]) {
    const position = weekMinute(wallClock(start, zone));
    const ahead = Math.min(...flips.map((flip) => (flip - position + WEEK_MIN) % WEEK_MIN || WEEK_MIN));
    const flipAt = start + Math.round(ahead * MINUTE_MS);
    if (flipAt < end) return { state, changesAt: flipAt };
    if (end < nowMs + HORIZON_MS && stateAt(end) !== state) return { state, changesAt: end };
    start = end;
  }
  return { state, changesAt: null };
}

/** "Tue 09:00": an instant on the wall clock of the zone, for messages in words. */
export function wallClockLabel(ms: number, timeZone: string): string {
  const wall = wallClock(ms, effectiveTimeZone(timeZone));
  const day = WEEKDAYS[(new Date(wall).getUTCDay() + 6) % 7] ?? "mon";
  const time = new Date(wall).toISOString().slice(11, 16);
  return `${day.charAt(0).toUpperCase()}${day.slice(1)} ${time}`;
}
