import type { InviteCreated, InviteSendRequest, NotifyServiceList } from "hasync";
import { useState } from "react";
import { ApiError, api } from "../api/client.js";
import { describeError } from "../api/errors.js";
import { useResource } from "../api/resource.js";
import { ErrorNotice, Notice } from "../components/ui.js";
import { notifyLabel } from "./status.js";

const NONE =
  "Home Assistant has no notify service to send it with. Install the Home Assistant app on the phone and sign in: it adds one (notify.mobile_app_…).";

/** HAsync's own words where they say what Home Assistant answered or why the link cannot go. */
function sendProblem(error: unknown): string {
  const specific = error instanceof ApiError && ["unavailable", "conflict", "not_found"].includes(error.code);
  return specific && error.serverMessage ? error.serverMessage : describeError(error);
}

/**
 * "Send to a phone": Home Assistant's own notify service delivers the link, and its companion app
 * opens it on a tap. The secret goes along to prove the link is this invite's (only its hash is kept).
 */
export function SendToPhone({ created }: { created: InviteCreated }) {
  const services = useResource<NotifyServiceList>("admin/invites/notify-services");
  const list = services.data?.services ?? [];
  const [service, setService] = useState("");
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string>();
  const [error, setError] = useState<unknown>();
  const chosen = service || list[0]?.service || "";
  const none = services.data !== undefined && list.length === 0;

  const send = () => {
    const body: InviteSendRequest = { service: chosen, secret: created.secret };
    const found = list.find((s) => s.service === chosen);
    const name = found ? notifyLabel(found) : chosen;
    setBusy(true);
    setSent(undefined);
    setError(undefined);
    api.post(`admin/invites/${encodeURIComponent(created.invite.id)}/send`, body).then(
      () => {
        setBusy(false);
        setSent(`Sent with ${name}. A tap on the notification opens the link.`);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <div className="send-to-phone">
      <div className="field">
        <label htmlFor="notify-service">Send to a phone</label>
        <div className="row wrap">
          <select
            id="notify-service"
            value={chosen}
            disabled={list.length === 0}
            aria-describedby="notify-service-hint"
            onChange={(e) => setService(e.target.value)}
          >
            {list.length === 0 && <option value="">{none ? "No notify service" : "Loading…"}</option>}
            {list.map((s) => (
              <option key={s.service} value={s.service}>
                {notifyLabel(s)}
              </option>
            ))}
          </select>
          <button type="button" className="button" disabled={busy || chosen === ""} onClick={send}>
            {busy ? "Sending…" : "Send link"}
          </button>
        </div>
        <p className="hint" id="notify-service-hint">
          {none ? NONE : "Through Home Assistant’s notify service, as a notification with the link."}
        </p>
      </div>
      <ErrorNotice error={services.error} onRetry={services.reload} />
      {error !== undefined && (
        <p className="notice notice-bad" role="alert">
          {sendProblem(error)}
        </p>
      )}
      {sent && <Notice tone="good">{sent}</Notice>}
    </div>
  );
}
