import type { ScreenSession } from "hasync";
import { lazy, Suspense } from "react";
import { Header } from "./Header.js";
import { useHaReachable } from "./ha-reachable.js";
import { useSessionFollowsScope } from "./scope-fresh.js";
import { useScreenConnection } from "./useScreenConnection.js";

// The dashboard is its own chunk, out of the first screen's JS; main.tsx starts its download at
// boot, beside the session read.
const loadDashboard = () => import("./dashboard/Dashboard.js");
const Dashboard = lazy(() => loadDashboard().then((m) => ({ default: m.Dashboard })));

interface Props {
  session: ScreenSession;
  controls: boolean;
  offsetMs: number;
  /** Re-reads the session; true while it still says "dashboard". */
  recheck: () => Promise<boolean>;
  onUnpaired: () => void;
}

function Banner({ text }: { text: string | null }) {
  // Always in the page, so screen readers announce the text when it appears.
  return (
    <div className={text ? "banner" : "banner banner-hidden"} role="status" aria-live="polite">
      {text}
    </div>
  );
}

/** A paired screen: the header, the connection's state in words, and the live dashboard. */
export function Appliance({ session, controls, offsetMs, recheck, onUnpaired }: Props) {
  const link = useScreenConnection(recheck);
  useSessionFollowsScope(link.conn, recheck);
  const haReachable = useHaReachable(link.state === "online");
  const haAway = link.state === "online" && haReachable === false;
  const banner =
    link.state === "reconnecting"
      ? "Reconnecting to HAsync…"
      : haAway
        ? "Home Assistant is not reachable. Showing the last known states until it is back."
        : null;
  return (
    <div className="screen">
      <Header session={session} offsetMs={offsetMs} onUnpaired={onUnpaired} />
      <Banner text={banner} />
      <main className="screen-main">
        {link.conn === null ? (
          <p className="screen-loading">{link.state === "connecting" ? "Connecting…" : ""}</p>
        ) : (
          <Suspense fallback={<p className="screen-loading">Loading…</p>}>
            <Dashboard
              key={link.generation}
              conn={link.conn}
              controls={controls}
              entityAccess={session.device.entity_access}
              online={link.state === "online" && !haAway}
            />
          </Suspense>
        )}
      </main>
    </div>
  );
}
