/**
 * Decides whether password login may be enabled. A missing or guessable password must never
 * guard the LAN port; the admin can always get in through Home Assistant's sidebar (ingress).
 */
const WELL_KNOWN = new Set([
  "admin",
  "administrator",
  "password",
  "password1",
  "password123",
  "passw0rd",
  "change-this-password",
  "changeme",
  "change-me",
  "changethis",
  "hasync",
  "homeassistant",
  "home-assistant",
  "hassio",
  "letmein",
  "welcome",
  "qwerty",
  "qwertyuiop",
  "123456",
  "12345678",
  "123456789",
  "1234567890",
  "0123456789",
  "iloveyou",
]);

export const MIN_PASSWORD_LENGTH = 10;

/** Where HAsync runs decides how an admin sets the password. */
export type PasswordContext = "addon" | "standalone";

const HOW_TO_FIX: Record<PasswordContext, string> = {
  addon:
    "Open HAsync from the Home Assistant sidebar (no password needed there), or set a strong " +
    `admin password (at least ${MIN_PASSWORD_LENGTH} characters, not a well-known default) in the ` +
    "add-on's configuration and restart it.",
  standalone:
    `Set HASYNC_ADMIN_PASSWORD to a strong password (at least ${MIN_PASSWORD_LENGTH} characters, not a ` +
    "well-known default) and restart HAsync, for example: " +
    "HASYNC_ADMIN_PASSWORD='pick a long passphrase' npm start. Inside Home Assistant, the add-on " +
    "opens from the Home Assistant sidebar without a password.",
};

/** Returns why password login must stay off, or null when the password is acceptable. */
export function passwordProblem(
  password: string | undefined,
  username: string,
  context: PasswordContext = "addon",
): string | null {
  const fix = HOW_TO_FIX[context];
  if (password === undefined || password === "") {
    return `Password login is off because no admin password is set. ${fix}`;
  }
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `Password login is off because the admin password is shorter than ${MIN_PASSWORD_LENGTH} characters. ${fix}`;
  }
  const lower = password.toLowerCase();
  if (WELL_KNOWN.has(lower) || lower === username.toLowerCase() || /^(.)\1+$/.test(password)) {
    return `Password login is off because the admin password is a well-known or trivially guessable one. ${fix}`;
  }
  return null;
}
