import type { AuthStatusResponse, HealthResponse, MeResponse } from "hasync";
import { useEffect, useState } from "react";
import { getHealth } from "../api/client.js";
import { useResource } from "../api/resource.js";
import { HaStatusCard } from "../components/HaStatusCard.js";
import { Card, ErrorNotice, Loading } from "../components/ui.js";
import { ConfirmSettingsCard } from "../confirm/ConfirmSettingsCard.js";
import { InterfaceSettingsCard } from "../interface/InterfaceSettingsCard.js";

const DOCS = [
  {
    href: "https://www.home-assistant.io/docs/authentication/#your-account-profile",
    label: "Home Assistant: long-lived access tokens",
  },
  {
    href: "https://developers.home-assistant.io/docs/add-ons/presentation#ingress",
    label: "Home Assistant: add-ons in the sidebar (ingress)",
  },
  {
    href: "https://www.rfc-editor.org/rfc/rfc8628",
    label: "RFC 8628: the device pairing flow HAsync follows",
  },
];

/** How HAsync is set up: the Home Assistant link, the ways in, the version, where to read more. */
export function SettingsPage() {
  const auth = useResource<AuthStatusResponse>("auth/status");
  const me = useResource<MeResponse>("auth/me");
  const health = useHealth();
  const login = auth.data?.password_login;
  return (
    <>
      <h1 tabIndex={-1}>Settings</h1>
      <p className="lede">
        HAsync is configured in the add-on’s Configuration tab in Home Assistant (or with HASYNC_* environment
        variables outside it). This page shows what is in effect.
      </p>
      <div className="grid two">
        <HaStatusCard details />
        <Card title="Signing in" headingId="signin">
          <ErrorNotice error={auth.error ?? me.error} onRetry={auth.reload} />
          {!auth.data && auth.loading && <Loading />}
          {me.data && (
            <p>
              You are signed in as <strong>{me.data.user.display_name ?? me.data.user.name}</strong>{" "}
              {me.data.user.via === "ingress" ? "through the Home Assistant sidebar." : "with the password."}
            </p>
          )}
          <dl className="facts">
            <dt>From the Home Assistant sidebar</dt>
            <dd>Always on for Home Assistant admins; no password needed.</dd>
            <dt>With a password on the LAN port</dt>
            <dd>{login ? (login.enabled ? "On." : (login.reason ?? "Off.")) : "…"}</dd>
          </dl>
        </Card>
        <ConfirmSettingsCard />
        <InterfaceSettingsCard />
        <Card title="Pairing a device" headingId="pairing-help">
          <p>On the device, open the HAsync app, or run:</p>
          <p className="command">
            npx hasync pair http://&lt;Home Assistant’s address&gt;:8099 --name "Kitchen tablet"
          </p>
          <p>
            It shows a code; approve it under Approve. Devices talk to HAsync on port 8099 of your Home
            Assistant host.
          </p>
        </Card>
        <Card title="About" headingId="about">
          <ErrorNotice error={health.error} />
          <dl className="facts">
            <dt>Version</dt>
            <dd>{health.data ? health.data.version : "…"}</dd>
            <dt>Documentation</dt>
            <dd>In Home Assistant: Settings → Add-ons → HAsync → Documentation.</dd>
          </dl>
          <ul className="links">
            {DOCS.map((d) => (
              <li key={d.href}>
                <a href={d.href} target="_blank" rel="noreferrer noopener">
                  {d.label}
                </a>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}

function useHealth(): { data: HealthResponse | undefined; error: unknown } {
  const [state, setState] = useState<{ data: HealthResponse | undefined; error: unknown }>({
    data: undefined,
    error: undefined,
  });
  useEffect(() => {
    const controller = new AbortController();
    getHealth(controller.signal).then(
      (data) => setState({ data, error: undefined }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: undefined, error });
      },
    );
    return () => controller.abort();
  }, []);
  return state;
}
