import type { ScreenPairingStatus } from "hasync";
import { useEffect, useRef } from "react";
import { ApiError } from "../../api/client.js";
import { PAIRING_EVENTS_URL, screenApi } from "../api.js";

export type PairingOutcome = "approved" | "denied" | "expired";

/** A collect answer that is not a session, as the outcome it means. null: still pending, or no answer. */
export function outcomeOfCollect(error: unknown): PairingOutcome | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === "access_denied") return "denied";
  if (error.code === "expired_token" || error.code === "invalid_grant" || error.status === 401)
    return "expired";
  return null;
}

const REOPEN_MS = 3000;

/**
 * The admin's decision, live: `EventSource` on `api/v1/screen/pairing/events` (first the current
 * status, then changes). The browser reconnects a dropped stream by itself; a stream it will not
 * reconnect (an HTTP error) is followed by one collect (`collect`: the screen's, or the authorize
 * page's), which says approved, denied or expired, and otherwise the stream is opened again.
 */
export function usePairingEvents<T = unknown>(
  active: boolean,
  onOutcome: (outcome: PairingOutcome, collected?: T) => void,
  collect: () => Promise<T> = screenApi.collect as () => Promise<T>,
): void {
  const onOutcomeRef = useRef(onOutcome);
  onOutcomeRef.current = onOutcome;
  const collectRef = useRef(collect);
  collectRef.current = collect;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: PairingOutcome, collected?: T) => {
      source?.close();
      if (!stopped) onOutcomeRef.current(outcome, collected);
      stopped = true;
    };
    const checkByCollect = async () => {
      try {
        // Collected: the admin approved; what the collect answered (a session, a sign-in code)
        // goes along, since a code is handed out only once.
        finish("approved", await collectRef.current());
      } catch (error) {
        const outcome = outcomeOfCollect(error);
        if (outcome !== null) finish(outcome);
        else if (!stopped) timer = setTimeout(open, REOPEN_MS);
      }
    };
    const open = () => {
      if (stopped) return;
      const next = new EventSource(PAIRING_EVENTS_URL);
      source = next;
      next.addEventListener("status", (event) => {
        const { status } = JSON.parse((event as MessageEvent<string>).data) as ScreenPairingStatus;
        if (status !== "pending") finish(status);
      });
      next.addEventListener("error", () => {
        if (next.readyState !== EventSource.CLOSED) return;
        void checkByCollect();
      });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [active]);
}
