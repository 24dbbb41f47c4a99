/**
 * Guest passes: expiry presets for the approve and device screens. The API takes an ISO date-time
 * in the future, or null for "never".
 */
export const EXPIRY_PRESETS = [
  { id: "never", label: "Never", ms: null },
  { id: "1h", label: "In 1 hour", ms: 3_600_000 },
  { id: "1d", label: "In 1 day", ms: 86_400_000 },
  { id: "1w", label: "In 1 week", ms: 7 * 86_400_000 },
  { id: "custom", label: "On a date…", ms: null },
] as const;

export type ExpiryChoice = (typeof EXPIRY_PRESETS)[number]["id"];

export type ExpiryResult = { ok: true; expiresAt: string | null } | { ok: false; problem: string };

/** The `expires_at` to send for a choice; `custom` is a `datetime-local` value in local time. */
export function expiresAtOf(choice: ExpiryChoice, custom: string, now: number): ExpiryResult {
  if (choice === "never") return { ok: true, expiresAt: null };
  if (choice !== "custom") {
    const preset = EXPIRY_PRESETS.find((p) => p.id === choice);
    return { ok: true, expiresAt: new Date(now + (preset?.ms ?? 0)).toISOString() };
  }
  const at = custom === "" ? Number.NaN : new Date(custom).getTime();
  if (Number.isNaN(at)) return { ok: false, problem: "Pick the date and time the access should end." };
  if (at <= now) return { ok: false, problem: "The end of access must be in the future." };
  return { ok: true, expiresAt: new Date(at).toISOString() };
}
