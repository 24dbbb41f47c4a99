import { zoneOffsetMs } from "../ha/wall-clock.js";

/**
 * Home Assistant's `dt_util.parse_datetime` (ciso8601, then its DATETIME_RE fallback): an ISO 8601
 * date-time, or a bare date, with an optional offset. HAsync only checks that HA would read the
 * text, and forwards it unchanged, so a naive time is read in HA's own time zone as HA reads it.
 */
const DATETIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d{1,12})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const inRange = (value: string | undefined, max: number, min = 0) =>
  value === undefined || (Number(value) >= min && Number(value) <= max);

export function isHaDatetime(text: string): boolean {
  const match = DATETIME.exec(text);
  if (match === null) return false;
  const [, , month, day, hour, minute, second] = match;
  return (
    inRange(month, 12, 1) &&
    inRange(day, 31, 1) &&
    inRange(hour, 23) &&
    inRange(minute, 59) &&
    inRange(second, 59)
  );
}

/**
 * Milliseconds for a time HA would read; a naive one is wall time in HA's zone, as `dt_util.as_utc`
 * reads it (util/dt.py: a naive datetime is taken to be in DEFAULT_TIME_ZONE).
 */
export function haDatetimeMs(text: string, timeZone = "UTC"): number {
  const match = DATETIME.exec(text);
  if (match === null) return Number.NaN;
  const iso = match[4] === undefined ? `${text}T00:00:00` : text.replace(" ", "T");
  if (match[7] !== undefined) return Date.parse(iso);
  const wall = Date.parse(`${iso}Z`);
  return wall - zoneOffsetMs(timeZone, wall);
}

/** `dt_util.start_of_local_day()`: midnight today in HA's zone. */
export function startOfLocalDay(nowMs: number, timeZone: string): number {
  const offset = zoneOffsetMs(timeZone, nowMs);
  const wallMidnight = Math.floor((nowMs + offset) / 86_400_000) * 86_400_000;
  return wallMidnight - zoneOffsetMs(timeZone, wallMidnight);
}
