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

/** Milliseconds for a time HA would read (naive times taken as UTC: only for HAsync's own bounds). */
export function haDatetimeMs(text: string): number {
  const match = DATETIME.exec(text);
  if (match === null) return Number.NaN;
  const iso = match[4] === undefined ? `${text}T00:00:00Z` : text.replace(" ", "T");
  return Date.parse(match[7] === undefined && match[4] !== undefined ? `${iso}Z` : iso);
}
