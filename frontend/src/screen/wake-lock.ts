import { useEffect } from "react";

/**
 * Keeps the screen on while the app is shown (Screen Wake Lock API). The browser drops the lock
 * whenever the page is hidden, so it is asked for again each time the page becomes visible.
 * Browsers without the API (Safari before 16.4, Chrome before 84) simply let the screen sleep.
 */
export function useWakeLock(): void {
  useEffect(() => {
    const wakeLock = (navigator as Navigator & { wakeLock?: WakeLock }).wakeLock;
    if (!wakeLock) return;
    let sentinel: WakeLockSentinel | null = null;
    let stopped = false;
    const acquire = async () => {
      if (document.visibilityState !== "visible" || (sentinel !== null && !sentinel.released)) return;
      try {
        const next = await wakeLock.request("screen");
        if (stopped) void next.release();
        else sentinel = next;
      } catch {
        // Refused (battery saver, a policy): nothing to do but let the screen sleep.
      }
    };
    const onVisibility = () => void acquire();
    document.addEventListener("visibilitychange", onVisibility);
    void acquire();
    return () => {
      stopped = true;
      document.removeEventListener("visibilitychange", onVisibility);
      void sentinel?.release();
    };
  }, []);
}
