/** Times in words, relative to `now` (injected so tests are exact). */
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "just now", "5 minutes ago", "in 2 hours", "yesterday". */
export function timeAgo(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "unknown";
  const diff = at - now;
  if (Math.abs(diff) < 45_000) return diff > 0 ? "in a moment" : "just now";
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === "minute") return relative.format(Math.round(diff / ms), unit);
  }
  return relative.format(Math.round(diff / 60_000), "minute");
}

/** A full local date and time, for tooltips and the activity log. */
export function dateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** The expiry of a device in words: "never", "expired", "in 3 days". */
export function expiryInWords(expiresAt: string | null, now: number): string {
  if (expiresAt === null) return "never";
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return "unknown";
  return at <= now ? "expired" : timeAgo(expiresAt, now);
}

/** `<input type="datetime-local">` value for a moment, in the browser's time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
