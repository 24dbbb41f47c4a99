import type { ScreenSession } from "hasync";
import { useCallback, useEffect, useRef, useState } from "react";
import { Appliance } from "./Appliance.js";
import { screenApi } from "./api.js";
import { inviteRefusal, nextCheckAt, type Refusal, type View, viewOf } from "./decide.js";
import { guessBrowser } from "./device-name.js";
import { rememberPaired } from "./early-ticket.js";
import { Closed, Ended, InviteRefused, Joining, Loading, Unreachable } from "./Messages.js";
import { PairScreen } from "./pairing/PairScreen.js";
import { useWakeLock } from "./wake-lock.js";

type State =
  | { kind: "loading" }
  | { kind: "joining" }
  | { kind: "refused"; refusal: Refusal }
  | (View & { receivedAt: number });

const RETRY_MAX_MS = 30_000;

/** The session's answer, stamped with when it arrived (our clock against the server's `now`). */
async function readSession(): Promise<View & { receivedAt: number }> {
  try {
    const session = await screenApi.session();
    return { ...viewOf({ session }), receivedAt: Date.now() };
  } catch (error) {
    return { ...viewOf({ error }), receivedAt: Date.now() };
  }
}

/**
 * Exchanges an invite's secret for a session. A refused link on a browser that already has a
 * session (a guest opening their link again from the message) shows that session instead.
 */
async function join(secret: string): Promise<State> {
  const guess = guessBrowser(navigator.userAgent, navigator.maxTouchPoints);
  try {
    const type = guess.type === "tablet" ? "tablet" : "phone";
    const session = await screenApi.acceptInvite({ secret, type, model: guess.model });
    return { ...viewOf({ session }), receivedAt: Date.now() };
  } catch (error) {
    const current = await readSession();
    return current.kind === "pair" || current.kind === "unreachable"
      ? { kind: "refused", refusal: inviteRefusal(error) }
      : current;
  }
}

const offsetOf = (session: ScreenSession, receivedAt: number) => {
  const server = Date.parse(session.now);
  return Number.isNaN(server) ? 0 : receivedAt - server;
};

/**
 * Reads the session again on its own. Unreachable: 2 s doubling to 30 s. Closed or paired: when
 * the pass next changes (a window opens or closes, the pass ends), just after the server's moment.
 */
function useRecheck(state: State, refresh: () => Promise<unknown>): void {
  const retries = useRef(0);
  useEffect(() => {
    let at: number | null = null;
    if (state.kind === "unreachable") at = Date.now() + Math.min(RETRY_MAX_MS, 2000 * 2 ** retries.current++);
    else if (state.kind !== "loading" && state.kind !== "joining") retries.current = 0;
    if (state.kind === "dashboard" || state.kind === "closed") {
      at = nextCheckAt(state.session, state.receivedAt);
    }
    if (at === null) return;
    // Past the largest delay setTimeout keeps (24.8 days), a later session read sets it again.
    const timer = setTimeout(() => void refresh(), Math.min(Math.max(0, at - Date.now()) + 500, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [state, refresh]);
}

/**
 * The device app: one decision from the session (pair, dashboard, closed, ended), made again
 * whenever the connection is refused, the pass's next change is due, or HAsync was away.
 */
export function App({ inviteSecret }: { inviteSecret: string | null }) {
  const [state, setState] = useState<State>({ kind: "loading" });
  useWakeLock();

  const refresh = useCallback(async () => {
    const next = await readSession();
    setState(next);
    return next.kind === "dashboard";
  }, []);
  const show = useCallback((session: ScreenSession, receivedAt: number) => {
    setState({ ...viewOf({ session }), receivedAt });
  }, []);

  useEffect(() => {
    if (inviteSecret === null) {
      void refresh();
      return;
    }
    setState({ kind: "joining" });
    void join(inviteSecret).then(setState);
  }, [inviteSecret, refresh]);

  useRecheck(state, refresh);
  useEffect(() => {
    if (state.kind === "dashboard") rememberPaired(true);
    else if (state.kind === "pair" || state.kind === "ended" || state.kind === "closed")
      rememberPaired(false);
  }, [state.kind]);

  const toPairing = useCallback(() => setState({ kind: "pair", receivedAt: Date.now() }), []);
  switch (state.kind) {
    case "loading":
      return <Loading />;
    case "joining":
      return <Joining />;
    case "refused":
      return <InviteRefused refusal={state.refusal} />;
    case "pair":
      return <PairScreen onPaired={show} />;
    case "ended":
      return <Ended onPair={toPairing} />;
    case "unreachable":
      return <Unreachable onRetry={() => void refresh()} />;
    case "closed":
      return <Closed session={state.session} onUnpaired={toPairing} />;
    case "dashboard":
      return (
        <Appliance
          session={state.session}
          controls={state.controls}
          offsetMs={offsetOf(state.session, state.receivedAt)}
          recheck={refresh}
          onUnpaired={toPairing}
        />
      );
  }
}
