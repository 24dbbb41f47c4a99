import type { AdminUser, MeResponse } from "hasync";
import { useCallback, useEffect, useState } from "react";
import { ApiError, api, onUnauthorized } from "./api/client.js";
import { EventsProvider } from "./api/events.js";
import { ErrorNotice, Loading } from "./components/ui.js";
import { LoginPage } from "./pages/LoginPage.js";
import { Shell } from "./Shell.js";

type Session =
  | { state: "checking" }
  | { state: "unreachable"; error: unknown }
  | { state: "signed_out"; ended: boolean }
  | { state: "signed_in"; user: AdminUser };

/**
 * Who is using the app decides what it shows: inside Home Assistant (ingress) the admin is
 * already signed in; on the LAN port they sign in with the password first. A deep link survives
 * sign-in, because the login screen renders in place at that URL.
 */
export function App() {
  const [session, setSession] = useState<Session>({ state: "checking" });

  const check = useCallback(() => {
    api.get<MeResponse>("auth/me").then(
      (me) => setSession({ state: "signed_in", user: me.user }),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401)
          setSession({ state: "signed_out", ended: false });
        else setSession({ state: "unreachable", error });
      },
    );
  }, []);

  // The event stream was refused: if the session ended, show the login; anything else (HAsync
  // restarting behind ingress answers 502) is left to the stream's own retry.
  const recheck = useCallback(() => {
    api.get<MeResponse>("auth/me").catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setSession({ state: "signed_out", ended: true });
    });
  }, []);

  useEffect(() => check(), [check]);
  useEffect(() => onUnauthorized(() => setSession({ state: "signed_out", ended: true })), []);

  switch (session.state) {
    case "checking":
      return (
        <main className="page narrow">
          <Loading />
        </main>
      );
    case "unreachable":
      return (
        <main className="page narrow">
          <h1>HAsync</h1>
          <ErrorNotice error={session.error} onRetry={check} />
        </main>
      );
    case "signed_out":
      return (
        <LoginPage ended={session.ended} onSignedIn={(user) => setSession({ state: "signed_in", user })} />
      );
    case "signed_in":
      return (
        <EventsProvider onGaveUp={recheck}>
          <Shell user={session.user} onSignedOut={() => setSession({ state: "signed_out", ended: false })} />
        </EventsProvider>
      );
  }
}
