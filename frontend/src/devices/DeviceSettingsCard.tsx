import type { Device } from "hasync";
import { type FormEvent, useState } from "react";
import { ExpiryField, type ExpiryValue } from "../components/ExpiryField.js";
import { Card, ErrorNotice, Notice } from "../components/ui.js";
import { useNow } from "../components/useNow.js";
import { dateTime, expiryInWords } from "../format/time.js";
import { expiresAtOf } from "../pairing/expiry.js";
import { nameProblem } from "../pairing/name.js";
import { useDevicePatch } from "./useDevicePatch.js";

interface Props {
  device: Device;
  onSaved: (device: Device) => void;
}

/** Rename the device and set or clear when its access ends. */
export function DeviceSettingsCard({ device, onSaved }: Props) {
  const now = useNow();
  const [name, setName] = useState(device.name);
  const [expiry, setExpiry] = useState<ExpiryValue>({ choice: "1d", custom: "" });
  const { busy, error, done, patch } = useDevicePatch(device, onSaved);
  const problem = nameProblem(name);
  const expires = expiresAtOf(expiry.choice, expiry.custom, now);

  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (!problem) patch({ name: name.trim() }, "Renamed.");
  };
  const setEnd = (event: FormEvent) => {
    event.preventDefault();
    if (expires.ok)
      patch({ expires_at: expires.expiresAt }, expires.expiresAt ? "Access end set." : "Expiry removed.");
  };

  return (
    <Card title="Name and access period" headingId="settings">
      <form className="inline-form" onSubmit={rename}>
        <div className="field grow">
          <label htmlFor="rename">Name</label>
          <input
            id="rename"
            value={name}
            maxLength={80}
            aria-invalid={problem ? true : undefined}
            aria-describedby="rename-hint"
            onChange={(e) => setName(e.target.value)}
          />
          {problem && (
            <p className="hint problem" id="rename-hint">
              {problem}
            </p>
          )}
        </div>
        <button type="submit" className="button" disabled={busy || !!problem || name.trim() === device.name}>
          Rename
        </button>
      </form>
      <p className="expiry-now">
        Access ends: <strong>{expiryInWords(device.expires_at, now)}</strong>
        {device.expires_at && <span className="muted"> ({dateTime(device.expires_at)})</span>}
      </p>
      <form className="inline-form" onSubmit={setEnd}>
        <ExpiryField
          value={expiry}
          onChange={setExpiry}
          label="Change when access ends"
          problem={expires.ok ? undefined : expires.problem}
        />
        <button type="submit" className="button" disabled={busy || !expires.ok}>
          Set
        </button>
        {device.expires_at && (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => patch({ expires_at: null }, "Expiry removed.")}
          >
            Remove expiry
          </button>
        )}
      </form>
      {done && <Notice tone="good">{done}</Notice>}
      <ErrorNotice error={error} />
    </Card>
  );
}
