import type { ScreenTicket } from "hasync";
import { screenApi } from "./api.js";

/**
 * Not a credential: only that this browser showed a dashboard when last used, so at boot it asks
 * for its socket's ticket beside the session read instead of after it (a round trip less before
 * the dashboard's first paint). A stale hint (revoked meanwhile) costs one refused ticket.
 */
const HINT = "hasync-screen-was-paired";
/** A ticket lives 30 s; one fetched at boot is used only while clearly fresh. */
const FRESH_MS = 20_000;

let early: { at: number; ticket: Promise<ScreenTicket | null> } | null = null;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage disabled (private mode on old Safari): boot simply waits for the session.
    return null;
  }
}

/** At boot, before anything renders. */
export function startEarlyTicket(): void {
  if (storage()?.getItem(HINT) !== "1") return;
  early = { at: Date.now(), ticket: screenApi.ticket().catch(() => null) };
}

/** The ticket asked for at boot, once and while fresh; a new one every other time. */
export async function nextTicket(): Promise<ScreenTicket> {
  const pending = early;
  early = null;
  const ticket = pending && Date.now() - pending.at < FRESH_MS ? await pending.ticket : null;
  return ticket ?? screenApi.ticket();
}

/** What the app last showed: a dashboard (paired), or something no ticket is good for. */
export function rememberPaired(paired: boolean): void {
  const store = storage();
  if (paired) store?.setItem(HINT, "1");
  else store?.removeItem(HINT);
}
