import type { ConfirmSettings, NotifyServiceList } from "hasync";
import { useState } from "react";
import { api } from "../api/client.js";
import { useResource } from "../api/resource.js";
import { Card, ErrorNotice, Loading, Notice } from "../components/ui.js";
import { notifyLabel } from "../invites/status.js";
import { timeoutChoices, timeoutInWords } from "./settings.js";

const PATH = "admin/confirm-settings";

/**
 * Where a held call reaches the admin besides this panel (always also a persistent notification
 * in Home Assistant): an actionable notification through a notify service, the phone's Home
 * Assistant app showing Allow and Deny; and how long the call waits before it is refused.
 */
export function ConfirmSettingsCard() {
  const settings = useResource<ConfirmSettings>(PATH);
  const services = useResource<NotifyServiceList>("admin/invites/notify-services");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const current = settings.data;
  const list = services.data?.services ?? [];

  const save = (next: ConfirmSettings, message: string) => {
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    api.put<ConfirmSettings>(PATH, next).then(
      (answer) => {
        setBusy(false);
        setSaved(message);
        settings.update(() => answer);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <Card title="Asking you first" headingId="confirm-settings">
      <p>
        Calls that ask you first (locks, alarm panels, valves, garage doors and gates, and whatever a scope
        sets to “Ask first”) wait on the Overview and as a notification in Home Assistant.
      </p>
      {!current && settings.loading && <Loading />}
      <ErrorNotice error={settings.error} onRetry={settings.reload} />
      {current && (
        <>
          <NotifyField current={current} services={list} busy={busy} onSave={save} />
          <TimeoutField current={current} busy={busy} onSave={save} />
        </>
      )}
      <ErrorNotice error={services.error} onRetry={services.reload} />
      {saved && <Notice tone="good">{saved}</Notice>}
      <ErrorNotice error={error} />
    </Card>
  );
}

interface FieldProps {
  current: ConfirmSettings;
  busy: boolean;
  onSave: (next: ConfirmSettings, message: string) => void;
}

/** The notify service for the actionable notification, among those the invites' "Send to a phone" lists. */
function NotifyField({
  current,
  services,
  busy,
  onSave,
}: FieldProps & { services: NotifyServiceList["services"] }) {
  const chosen = current.notify_service;
  return (
    <div className="field">
      <label htmlFor="confirm-notify">Also ask on a phone</label>
      <select
        id="confirm-notify"
        value={chosen ?? ""}
        disabled={busy}
        aria-describedby="confirm-notify-hint"
        onChange={(e) => {
          const service = e.target.value === "" ? null : e.target.value;
          onSave(
            { ...current, notify_service: service },
            service ? `Asking on ${service} too.` : "Not asking on a phone.",
          );
        }}
      >
        <option value="">No phone (only HAsync and Home Assistant’s notifications)</option>
        {chosen && !services.some((s) => s.service === chosen) && <option value={chosen}>{chosen}</option>}
        {services.map((s) => (
          <option key={s.service} value={s.service}>
            {notifyLabel(s)}
          </option>
        ))}
      </select>
      <p className="hint" id="confirm-notify-hint">
        An actionable notification through Home Assistant’s notify service: Allow and Deny on the phone.
      </p>
    </div>
  );
}

function TimeoutField({ current, busy, onSave }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor="confirm-timeout">A call waits</label>
      <select
        id="confirm-timeout"
        value={current.timeout_s}
        disabled={busy}
        aria-describedby="confirm-timeout-hint"
        onChange={(e) => {
          const timeout = Number(e.target.value);
          onSave({ ...current, timeout_s: timeout }, `A call now waits ${timeoutInWords(timeout)}.`);
        }}
      >
        {timeoutChoices(current.timeout_s).map((s) => (
          <option key={s} value={s}>
            {timeoutInWords(s)}
          </option>
        ))}
      </select>
      <p className="hint" id="confirm-timeout-hint">
        Then it is refused, as if you had denied it.
      </p>
    </div>
  );
}
