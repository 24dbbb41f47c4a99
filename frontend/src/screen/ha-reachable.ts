import { useEffect, useState } from "react";
import { getHealth } from "../api/client.js";

/**
 * Whether HAsync has Home Assistant right now, from `GET health`'s `checks.home_assistant.state`.
 * When HAsync loses Home Assistant the gateway keeps device sockets open and serves the last
 * known states from its mirror, silently (backend/src/ha/link.ts, gateway/gateway.ts); only calls
 * fail (`home_assistant_error`, "Home Assistant is not connected right now."). `/health` is where
 * the link's state is public: `connecting` while HAsync is (re)connecting, `auth_failed` when HA
 * refused HAsync's token. null: not known (an older HAsync, no answer).
 */
export function haReachable(health: unknown): boolean | null {
  const checks = (health as { checks?: { home_assistant?: { state?: unknown } } } | null)?.checks;
  const state = checks?.home_assistant?.state;
  if (state === "connected" || state === "demo") return true;
  if (state === "connecting" || state === "auth_failed") return false;
  return null;
}

const POLL_MS = 5000;

/** Polls `health` while `active` (the screen's own socket is up), every 5 s and at once on activation. */
export function useHaReachable(active: boolean): boolean | null {
  const [reachable, setReachable] = useState<boolean | null>(null);
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = haReachable(await getHealth());
        if (!stopped) setReachable(next);
      } catch {
        // HAsync itself is away: the socket's own banner says so.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active]);
  return reachable;
}
