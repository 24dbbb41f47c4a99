import { type Connection, callService } from "home-assistant-js-websocket";
import { useCallback, useEffect, useRef, useState } from "react";
import { followCall } from "../model/access.js";
import type { ServiceCall } from "../model/services.js";
import type { Entity } from "../model/types.js";

/** The words of a refused or failed call: HAsync's or HA's own message, else the library's code. */
export function callErrorMessage(error: unknown): string {
  // HAsync refuses a call outside the screen's scope with HA's bare "Unauthorized" (it must not say
  // what lies outside); in words, with what it means for the person at the screen.
  if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "unauthorized") {
    return "This screen is not allowed to do that. Nothing was sent to Home Assistant.";
  }
  if (typeof error === "object" && error !== null && "message" in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === "string" && message) return message;
  }
  // home-assistant-js-websocket rejects with ERR_CONNECTION_LOST (3) when the socket drops mid-call.
  if (error === 3) return "The connection was lost before Home Assistant answered.";
  return "Home Assistant did not carry this out.";
}

/**
 * Runs a tile's service calls. A refusal is shown on the tile until its state next changes (the
 * state object is new); the next state after a call is announced, so a screen reader hears what
 * the press did. On an entity that asks first, `waiting` is true while a call has gone unanswered
 * for `APPROVAL_HINT_MS` (HAsync holds it for the admin); a decline ends it as a refusal.
 */
export function useServiceCall(
  conn: Connection,
  state: Entity,
  asksFirst: boolean,
  onDone: (state: Entity) => void,
) {
  const [error, setError] = useState<string | null>(null);
  const [waitingCalls, setWaitingCalls] = useState(0);
  const awaiting = useRef(false);
  const first = useRef(true);
  const done = useRef(onDone);
  done.current = onDone;
  const asks = useRef(asksFirst);
  asks.current = asksFirst;
  const follows = useRef(new Set<() => void>());
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setError(null);
    if (awaiting.current) {
      awaiting.current = false;
      done.current(state);
    }
  }, [state]);
  useEffect(() => {
    const open = follows.current;
    return () => {
      for (const stop of open) stop();
    };
  }, []);
  const run = useCallback(
    (call: ServiceCall) => {
      setError(null);
      awaiting.current = true;
      const sent = callService(conn, call.domain, call.service, call.data, call.target);
      let shown = false;
      const stop = followCall(sent, asks.current, {
        waiting: () => {
          shown = true;
          setWaitingCalls((n) => n + 1);
        },
        settled: () => {
          follows.current.delete(stop);
          if (shown) setWaitingCalls((n) => n - 1);
        },
      });
      follows.current.add(stop);
      sent.then(
        () => undefined,
        (reason: unknown) => {
          awaiting.current = false;
          setError(callErrorMessage(reason));
        },
      );
    },
    [conn],
  );
  return { error, waiting: waitingCalls > 0, run };
}
