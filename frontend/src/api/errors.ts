import { ApiError, NetworkError } from "./client.js";

/**
 * API errors in words. The server's envelope carries a machine `code`; people get a sentence
 * saying what happened and what to do. Server wording is appended only where it names the
 * detail (which field is wrong).
 */
const SENTENCES: Record<string, string> = {
  invalid_json: "The request could not be read. Reload the page and try again.",
  invalid_request: "Some of the values are not accepted.",
  unsupported_media_type:
    "The request was sent in a form HAsync does not accept. Reload the page and try again.",
  payload_too_large: "That is more than HAsync accepts in one go. Select fewer entities and try again.",
  not_found: "That no longer exists. It may have been removed, expired or already handled.",
  method_not_allowed: "HAsync does not support that action. Reload the page: the app may have been updated.",
  unauthorized: "Your session has ended. Sign in again.",
  forbidden:
    "HAsync refused this request because it did not come from this page. Reload the page and try again.",
  invalid_credentials: "Wrong username or password.",
  password_login_disabled:
    "Password sign-in is turned off. Open HAsync from the Home Assistant sidebar, or set a strong password in the add-on's configuration.",
  too_many_attempts: "Too many failed attempts.",
  conflict: "That was changed at the same time somewhere else. Reload and try again.",
  unavailable: "HAsync cannot do that right now. Try again in a moment.",
  internal_error:
    "Something went wrong inside HAsync. Try again; if it keeps happening, check the add-on's log.",
};

const NETWORK = "HAsync could not be reached. Check that the add-on is running and your network is up.";
const UNKNOWN = "Something unexpected went wrong. Try again.";

/** "in 30 seconds", "in 2 minutes": a wait in words. */
export function waitInWords(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/** One sentence (or two) for any error thrown by the API client. */
export function describeError(error: unknown): string {
  if (error instanceof NetworkError) return NETWORK;
  if (!(error instanceof ApiError)) return UNKNOWN;
  if (error.code === "too_many_attempts") {
    const wait = error.retryAfterS === undefined ? "a while" : waitInWords(error.retryAfterS);
    return `${SENTENCES.too_many_attempts} Wait ${wait} before trying again.`;
  }
  if (error.code === "invalid_request" && error.serverMessage) {
    return `${SENTENCES.invalid_request} ${withStop(error.serverMessage)}`;
  }
  return SENTENCES[error.code] ?? (error.status >= 500 ? SENTENCES.internal_error : UNKNOWN);
}

function withStop(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
