import type { ScreenErrorCode, ScreenSession } from "hasync";
import { ApiError } from "../api/client.js";

/** What the screen shows, decided from one answer of the screen API. */
export type View =
  | { kind: "pair" }
  | { kind: "dashboard"; session: ScreenSession; controls: boolean }
  | { kind: "closed"; session: ScreenSession }
  | { kind: "ended" }
  /** HAsync did not answer (or not sensibly): try again shortly. */
  | { kind: "unreachable" };

/** `GET api/v1/screen/session` (or a collect / invite that answered one) → the screen to show. */
export function viewOf(outcome: { session: ScreenSession } | { error: unknown }): View {
  if ("session" in outcome) {
    const { session } = outcome;
    if (session.pass === "closed") return { kind: "closed", session };
    return {
      kind: "dashboard",
      session,
      controls: session.device.access === "control" && session.pass === "open",
    };
  }
  const { error } = outcome;
  if (error instanceof ApiError) {
    if (error.code === "pass_ended") return { kind: "ended" };
    if (error.status === 401) return { kind: "pair" };
  }
  return { kind: "unreachable" };
}

/**
 * When (on this browser's clock) the session must be read again on its own: the pass opens,
 * closes, turns read-only or ends. `receivedAt` is when the answer arrived, by our clock.
 */
export function nextCheckAt(session: ScreenSession, receivedAt: number): number | null {
  const times = [session.pass_changes_at, session.device.expires_at]
    .map((iso) => (iso === null ? Number.NaN : Date.parse(iso)))
    .filter((ms) => !Number.isNaN(ms));
  if (times.length === 0) return null;
  // The server's clock decides: shift by the difference between its `now` and ours.
  const skew = receivedAt - Date.parse(session.now);
  return Math.min(...times) + (Number.isNaN(skew) ? 0 : skew);
}

/**
 * Whether the pass's next change is its end (the contract's `pass_changes_at` is the first of the
 * next opening or closing and the expiry): then a closed or read-only pass does not open again.
 */
export function endsBeforeItOpens(session: ScreenSession): boolean {
  const next = session.pass_changes_at;
  const end = session.device.expires_at;
  return next !== null && end !== null && Date.parse(next) >= Date.parse(end);
}

export interface Refusal {
  title: string;
  text: string;
}

type InviteCode = Extract<ScreenErrorCode, `invite_${string}`>;

const INVITE_REFUSALS: Record<InviteCode, Refusal> = {
  invite_used: {
    title: "This invitation has already been used",
    text: "Each invitation link works on a set number of devices, and this one has none left. Ask the person who sent it for a new link.",
  },
  invite_expired: {
    title: "This invitation has expired",
    text: "The time it was valid for is over. Ask the person who sent it for a new link.",
  },
  invite_revoked: {
    title: "This invitation was withdrawn",
    text: "The person who sent it has cancelled it. Ask them for a new link if you still need access.",
  },
  invite_invalid: {
    title: "This invitation link is not valid",
    text: "It may be incomplete or mistyped. Open the link exactly as you received it, or ask for a new one.",
  },
};

/** Why an invite link did not work, and what to do, for the guest holding it. */
export function inviteRefusal(error: unknown): Refusal {
  if (error instanceof ApiError) {
    if (error.code in INVITE_REFUSALS) return INVITE_REFUSALS[error.code as InviteCode];
    if (error.code === "too_many_attempts") {
      return {
        title: "Too many attempts",
        text: "This network tried too many invitation links. Wait a few minutes, then open your link again.",
      };
    }
    // 400: the server could not read the secret at all (cut short, or no fragment).
    if (error.status === 404 || error.status === 400) return INVITE_REFUSALS.invite_invalid;
  }
  return {
    title: "HAsync could not be reached",
    text: "Check that this phone is on the home's network, then open the link again.",
  };
}
