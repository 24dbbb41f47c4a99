import type { AdminUser } from "hasync";
import { useEffect, useRef, useState } from "react";
import { api } from "./api/client.js";
import { useStreamStatus } from "./api/events.js";
import { ErrorNotice, Icon } from "./components/ui.js";
import { type Confirmations, useConfirmations } from "./confirm/useConfirmations.js";
import { ActivityPage } from "./pages/ActivityPage.js";
import { DevicePage } from "./pages/DevicePage.js";
import { DevicesPage } from "./pages/DevicesPage.js";
import { InvitesPage } from "./pages/InvitesPage.js";
import { OverviewPage } from "./pages/OverviewPage.js";
import { PairPage } from "./pages/PairPage.js";
import { SettingsPage } from "./pages/SettingsPage.js";
import { usePending } from "./pairing/usePending.js";
import { Link, useLocation } from "./router/router.js";
import { hrefOf, type Route } from "./router/routes.js";

const NAV: Array<{ route: Route; label: string }> = [
  { route: { name: "overview" }, label: "Overview" },
  { route: { name: "pair" }, label: "Approve" },
  { route: { name: "devices" }, label: "Devices" },
  { route: { name: "invites" }, label: "Invites" },
  { route: { name: "activity" }, label: "Activity" },
  { route: { name: "settings" }, label: "Settings" },
];

const TITLES: Record<Route["name"], string> = {
  overview: "Overview",
  pair: "Approve a device",
  devices: "Devices",
  device: "Device",
  invites: "Invite a guest",
  activity: "Activity",
  settings: "Settings",
  not_found: "Not found",
};

function isCurrent(item: Route, current: Route): boolean {
  return item.name === current.name || (item.name === "devices" && current.name === "device");
}

interface Props {
  user: AdminUser;
  onSignedOut: () => void;
}

/** The app frame: top bar with navigation, the live-channel status, and the current screen. */
export function Shell({ user, onSignedOut }: Props) {
  const { route, query } = useLocation();
  const pending = usePending();
  const confirmations = useConfirmations();
  const stream = useStreamStatus();
  const [signOutError, setSignOutError] = useState<unknown>();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  const screenKey = route.name === "device" ? `device/${route.id}` : route.name;
  // Move focus to the new screen on navigation (not on first load), as a page load would.
  // biome-ignore lint/correctness/useExhaustiveDependencies: screenKey stands for the route
  useEffect(() => {
    document.title = `${TITLES[route.name]} · HAsync`;
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector("h1")?.focus();
  }, [screenKey]);

  const signOut = () => {
    api.post("auth/logout").then(onSignedOut, setSignOutError);
  };

  return (
    <div className="app">
      {/* A button, not href="#main": with a <base href> that would resolve against the base and reload. */}
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <header className="topbar">
        <div className="topbar-inner">
          <Link className="brand" href="./">
            <Icon name="home" /> HAsync
          </Link>
          <span className={`stream stream-${stream}`} role="status">
            {stream === "live" ? "Live" : stream === "connecting" ? "Connecting…" : "Reconnecting…"}
          </span>
          <span className="user">
            {user.display_name ?? user.name}
            {user.via === "password" && (
              <button type="button" className="button text on-primary" onClick={signOut}>
                Sign out
              </button>
            )}
          </span>
        </div>
        <nav aria-label="Main" className="tabs">
          {NAV.map((item) => (
            <Link
              key={item.route.name}
              href={hrefOf(item.route)}
              className="tab"
              aria-current={isCurrent(item.route, route) ? "page" : undefined}
            >
              {item.label}
              {item.route.name === "pair" && <TabBadge count={pending.requests.length} what="waiting" />}
              {item.route.name === "overview" && (
                <TabBadge count={confirmations.list.length} what="waiting for you" />
              )}
            </Link>
          ))}
        </nav>
      </header>
      <main id="main" ref={main} className="page" tabIndex={-1}>
        <ErrorNotice error={signOutError} />
        <Screen route={route} query={query} pending={pending} confirmations={confirmations} />
      </main>
    </div>
  );
}

/** A count on a tab ("2 waiting"), for what needs the admin. */
function TabBadge({ count, what }: { count: number; what: string }) {
  if (count === 0) return null;
  return (
    <span className="tab-badge">
      {count}
      <span className="visually-hidden"> {what}</span>
    </span>
  );
}

function Screen({
  route,
  query,
  pending,
  confirmations,
}: {
  route: Route;
  query: URLSearchParams;
  pending: ReturnType<typeof usePending>;
  confirmations: Confirmations;
}) {
  switch (route.name) {
    case "overview":
      return <OverviewPage pending={pending} confirmations={confirmations} />;
    case "pair":
      return <PairPage pending={pending} code={query.get("code") ?? ""} />;
    case "devices":
      return <DevicesPage />;
    case "device":
      return <DevicePage id={route.id} />;
    case "invites":
      return <InvitesPage />;
    case "activity":
      return <ActivityPage />;
    case "settings":
      return <SettingsPage />;
    case "not_found":
      return (
        <>
          <h1 tabIndex={-1}>Page not found</h1>
          <p>
            There is nothing here. Go to the <Link href="./">overview</Link>.
          </p>
        </>
      );
  }
}
