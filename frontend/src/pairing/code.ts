/**
 * The user code a device shows, as the admin types it: case, spaces and the dash do not matter.
 * Mirrors hasync's `UserCodeSchema` (the test checks they agree) without importing its runtime,
 * which would pull zod into the UI bundle.
 */
export const USER_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
const SHAPE = new RegExp(`^[${USER_CODE_ALPHABET}]{8}$`);

/** `"acde fghj"` → `"ACDE-FGHJ"`; null when it cannot be a pairing code. */
export function normalizeUserCode(input: string): string | null {
  const raw = input.trim().toUpperCase().replace(/[\s-]/g, "");
  return SHAPE.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4)}` : null;
}

/** True while the input could still become a code: only code characters, at most 8 of them. */
export function couldBeUserCode(input: string): boolean {
  const raw = input.toUpperCase().replace(/[\s-]/g, "");
  return raw.length <= 8 && [...raw].every((ch) => USER_CODE_ALPHABET.includes(ch));
}
