import type { DeviceInterface, InterfaceSettings, InterfaceStatus } from "hasync";
import { type FormEvent, useId, useState } from "react";
import { api } from "../api/client.js";
import { useResource } from "../api/resource.js";
import { Card, ErrorNotice, Loading, Notice } from "../components/ui.js";
import { availabilityInWords, INTERFACE_CHOICES, savedInWords } from "./choice.js";

export const INTERFACE_SETTINGS_PATH = "admin/interface-settings";

/**
 * Which interface a device opening HAsync's device address gets: HAsync's dashboard or Home
 * Assistant's own interface, whether HA's can be served here (and why not), and what switching
 * does to the screens already paired. A switch is saved with a button, not on the click: every
 * screen changes at its next load.
 */
export function InterfaceSettingsCard() {
  const status = useResource<InterfaceStatus>(INTERFACE_SETTINGS_PATH);
  const [draft, setDraft] = useState<DeviceInterface>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const current = status.data;
  const chosen = draft ?? current?.device_interface;

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!current || !draft) return;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    const body: InterfaceSettings = { device_interface: draft };
    api.put<Partial<InterfaceStatus>>(INTERFACE_SETTINGS_PATH, body).then(
      (answer) => {
        setBusy(false);
        setDraft(undefined);
        setSaved(savedInWords(draft, current.ha_frontend.available));
        // The PUT may answer the settings alone or the whole status: keep what it does not say.
        status.update((s) => ({ ...s, ...body, ...answer }));
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <Card title="Interface on devices" headingId="interface-settings">
      <p>
        What a browser gets at HAsync’s device address (port 8099). Home Assistant’s apps and other clients
        are not affected.
      </p>
      {!current && status.loading && <Loading />}
      <ErrorNotice error={status.error} onRetry={status.reload} />
      {current && chosen && (
        <form onSubmit={save}>
          <Notice tone={current.ha_frontend.available ? "good" : "info"}>
            {availabilityInWords(current.ha_frontend)}
          </Notice>
          <Choices
            chosen={chosen}
            busy={busy}
            onChange={(c) => {
              setSaved(undefined);
              setDraft(c === current.device_interface ? undefined : c);
            }}
          />
          <p className="hint" id="interface-switch-hint">
            With Home Assistant’s interface, screens that show HAsync’s dashboard get Home Assistant’s
            interface at their next load and sign in once more through the pairing screen, which you approve
            under Approve.
          </p>
          {draft && (
            <div className="row end">
              <button type="button" className="button" disabled={busy} onClick={() => setDraft(undefined)}>
                Cancel
              </button>
              <button
                type="submit"
                className="button primary"
                disabled={busy}
                aria-describedby="interface-switch-hint"
              >
                {draft === "home_assistant" ? "Use Home Assistant’s interface" : "Use HAsync’s dashboard"}
              </button>
            </div>
          )}
        </form>
      )}
      {saved && <Notice tone="good">{saved}</Notice>}
      <ErrorNotice error={error} />
    </Card>
  );
}

function Choices({
  chosen,
  busy,
  onChange,
}: {
  chosen: DeviceInterface;
  busy: boolean;
  onChange: (choice: DeviceInterface) => void;
}) {
  const id = useId();
  return (
    <fieldset className="interface-choice" disabled={busy}>
      <legend>Devices get</legend>
      {INTERFACE_CHOICES.map((c) => (
        <label key={c.value} className="radio-card">
          <input
            type="radio"
            name={`${id}-interface`}
            value={c.value}
            checked={chosen === c.value}
            onChange={() => onChange(c.value)}
          />
          <span>
            <strong>{c.title}</strong>
            <span className="hint">{c.hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
