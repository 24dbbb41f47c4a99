/** Times on a screen, as a household reads them; `now` is injected so tests are exact. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/**
 * How long a guest pass has left: "3 days", "1 day 4 hours", "2 h 05 min", "12 min", "45 s".
 * Rounded down, so it never promises more than there is.
 */
export function timeLeft(ms: number): string {
  const left = Math.max(0, ms);
  if (left >= 2 * DAY) return plural(Math.floor(left / DAY), "day");
  if (left >= DAY) {
    const hours = Math.floor((left - DAY) / HOUR);
    return hours === 0 ? "1 day" : `1 day ${plural(hours, "hour")}`;
  }
  if (left >= HOUR) {
    const minutes = Math.floor((left % HOUR) / MINUTE);
    return `${Math.floor(left / HOUR)} h ${String(minutes).padStart(2, "0")} min`;
  }
  if (left >= MINUTE) return `${Math.floor(left / MINUTE)} min`;
  return `${Math.floor(left / 1000)} s`;
}

/** How often the time left needs redrawing to stay true: every second in the last minutes. */
export function tickFor(ms: number): number {
  return ms <= 2 * MINUTE ? 1000 : ms <= HOUR ? 5000 : 30_000;
}

const CODE_LIFETIME_MS = 600_000;

/**
 * When the code expires by this browser's clock. A wall tablet's clock may be far off and the
 * pairing answer carries no server time: a lifetime that is not plausible is taken as the
 * server's usual ten minutes (the server's own "expired" event is what ends the code anyway).
 */
export function localExpiry(expiresAtIso: string, receivedAt: number): number {
  const left = Date.parse(expiresAtIso) - receivedAt;
  return receivedAt + (left > 0 && left <= 2 * CODE_LIFETIME_MS ? left : CODE_LIFETIME_MS);
}

/** A pairing code's countdown: "9:05", "0:42". Rounded up, so "0:00" means it has expired. */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * When a pass opens or changes, in Home Assistant's time zone (where its hours are meant), to follow
 * "until": "09:00" today, "tomorrow at 09:00", "Friday at 09:00" within a week, else
 * "Tue 15 Dec at 09:00".
 */
export function whenInWords(iso: string, now: number, timeZone: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "later";
  const zone = safeZone(timeZone);
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
  }).format(at);
  const day = (ms: number) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, dateStyle: "short" }).format(ms);
  if (day(at) === day(now)) return time;
  if (day(at) === day(now + DAY)) return `tomorrow at ${time}`;
  const weekday = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "long" }).format(at);
  if (at - now < 6 * DAY) return `${weekday} at ${time}`;
  const date = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
  }).format(at);
  return `${date} at ${time}`;
}

/** An unknown zone name must not break the screen: fall back to the browser's own. */
function safeZone(timeZone: string): string | undefined {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}
