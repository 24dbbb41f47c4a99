/**
 * When a guest's access ends. Unlike a paired device's expiry there is no "never": a guest pass
 * always ends (the contract requires `expires_at`). Times are the admin's local time, as people
 * say "tonight" or "in a week".
 */
export const END_PRESETS = [
  { id: "tonight", label: "Tonight, at midnight" },
  { id: "tomorrow", label: "Tomorrow, at midnight" },
  { id: "3d", label: "In 3 days" },
  { id: "1w", label: "In a week" },
  { id: "30d", label: "In 30 days" },
  { id: "custom", label: "On a date…" },
] as const;

export type EndChoice = (typeof END_PRESETS)[number]["id"];

export interface EndValue {
  choice: EndChoice;
  /** `datetime-local` value, used when `choice` is `custom`. */
  custom: string;
}

export type EndResult = { ok: true; expiresAt: string } | { ok: false; problem: string };

const DAY_MS = 86_400_000;

/** Local midnight at the end of the day `days` after the day of `now` (0: tonight). */
function midnightAfter(now: number, days: number): number {
  const d = new Date(now);
  // setHours(24) moves to the next day's 00:00 in local time, across DST changes too.
  d.setDate(d.getDate() + days);
  d.setHours(24, 0, 0, 0);
  return d.getTime();
}

function presetAt(choice: Exclude<EndChoice, "custom">, now: number): number {
  switch (choice) {
    case "tonight":
      return midnightAfter(now, 0);
    case "tomorrow":
      return midnightAfter(now, 1);
    case "3d":
      return now + 3 * DAY_MS;
    case "1w":
      return now + 7 * DAY_MS;
    case "30d":
      return now + 30 * DAY_MS;
  }
}

/** The `expires_at` to send for a choice; `custom` is a `datetime-local` value in local time. */
export function passEndOf(value: EndValue, now: number): EndResult {
  if (value.choice !== "custom")
    return { ok: true, expiresAt: new Date(presetAt(value.choice, now)).toISOString() };
  const at = value.custom === "" ? Number.NaN : new Date(value.custom).getTime();
  if (Number.isNaN(at)) return { ok: false, problem: "Pick the date and time the guest’s access ends." };
  if (at <= now) return { ok: false, problem: "The end of access must be in the future." };
  return { ok: true, expiresAt: new Date(at).toISOString() };
}
