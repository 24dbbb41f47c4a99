import { type Connection, ERR_INVALID_AUTH } from "home-assistant-js-websocket";
import { useEffect, useRef, useState } from "react";
import { websocketUrl } from "./api.js";
import { connectScreen } from "./connection.js";
import { nextTicket } from "./early-ticket.js";

/** `connecting`: not yet connected once; `online`: the socket is up; `reconnecting`: it was lost. */
export type LinkState = "connecting" | "online" | "reconnecting";

export interface ScreenLink {
  conn: Connection | null;
  /** Counts fresh connections (not the library's own reconnects), for keying what depends on one. */
  generation: number;
  state: LinkState;
}

/** Waits before a fresh connection: 1 s doubling to 30 s, like the library's own backoff bound. */
const backoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

/**
 * The screen's connection to HA's WebSocket API on HAsync. The library reconnects on its own
 * after a lost socket (a fresh ticket each time); when the screen may no longer connect (the
 * ticket is refused) it stops, and `recheck` re-reads the session, which moves the app to
 * pairing, "pass ended" or "closed". If the session is still good (a ticket that expired on a slow
 * link), a fresh connection is opened after a backoff.
 */
export function useScreenConnection(recheck: () => Promise<boolean>): ScreenLink {
  const [link, setLink] = useState<ScreenLink>({ conn: null, generation: 0, state: "connecting" });
  const recheckRef = useRef(recheck);
  recheckRef.current = recheck;

  useEffect(() => {
    let stopped = false;
    let conn: Connection | null = null;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = (state: LinkState) => {
      if (!stopped) setLink((prev) => ({ ...prev, state }));
    };
    const retry = () => {
      timer = setTimeout(open, backoff(attempt++));
    };
    const refused = async () => {
      conn?.close();
      conn = null;
      update("reconnecting");
      if ((await recheckRef.current()) && !stopped) retry();
    };
    const open = async () => {
      try {
        const next = await connectScreen({ ticket: nextTicket, url: websocketUrl(document.baseURI) });
        if (stopped) return next.close();
        conn = next;
        attempt = 0;
        next.addEventListener("ready", () => update("online"));
        next.addEventListener("disconnected", () => update("reconnecting"));
        next.addEventListener("reconnect-error", () => void refused());
        setLink((prev) => ({ conn: next, generation: prev.generation + 1, state: "online" }));
      } catch (error) {
        if (stopped) return;
        if (error === ERR_INVALID_AUTH) return void refused();
        update("reconnecting");
        retry();
      }
    };
    void open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      conn?.close();
    };
  }, []);
  return link;
}
