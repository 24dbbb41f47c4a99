/**
 * Home Assistant's wall clock from an instant, through `Intl.DateTimeFormat` parts (Node 18 and
 * 20, no dependency): what pass hours and history's local days are read in. One cached formatter
 * per zone, so a hot path builds none.
 */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

/**
 * The zone passes are read in. Home Assistant may send a zone this Node's ICU does not know (an
 * old or trimmed ICU, a zone added after the build): then UTC, so the pass still opens and closes
 * at fixed instants instead of failing every call; the session tells the device the zone used.
 */
export function effectiveTimeZone(timeZone: string): string {
  return formatterFor(timeZone) === null ? "UTC" : timeZone;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  const known = formatters.get(timeZone);
  if (known !== undefined) return known;
  let formatter: Intl.DateTimeFormat | null;
  try {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    // RangeError: a zone this ICU does not know (see effectiveTimeZone).
    formatter = null;
  }
  // Bounded: HA sends one zone; a changing config must not grow this without end.
  if (formatters.size > 100) formatters.clear();
  formatters.set(timeZone, formatter);
  return formatter;
}

/** The wall clock at `ms` in `timeZone`, as if it were UTC (ms). */
export function wallClock(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  const formatter = formatterFor(timeZone) ?? formatterFor("UTC");
  for (const part of formatter?.formatToParts(ms) ?? []) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const hour = parts.hour === 24 ? 0 : (parts.hour ?? 0);
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    hour,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall + (ms - Math.floor(ms / 1000) * 1000);
}

/** How far `timeZone` is ahead of UTC at `atMs` (0 for a zone this Node does not know). */
export function zoneOffsetMs(timeZone: string, atMs: number): number {
  return wallClock(atMs, timeZone) - atMs;
}
