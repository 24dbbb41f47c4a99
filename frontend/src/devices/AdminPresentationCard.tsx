import type { Device } from "hasync";
import { useState } from "react";
import { api } from "../api/client.js";
import { Card, ErrorNotice } from "../components/ui.js";

interface Props {
  device: Device;
  onSaved: (device: Device) => void;
}

/**
 * "Present as an administrator": for Home Assistant apps that refuse to start unless the user is
 * an administrator (Node-RED's Home Assistant nodes). The text says plainly what it changes and
 * what it does not, so nobody turns it on to grant more.
 */
export function AdminPresentationCard({ device, onSaved }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const on = device.presents_as_admin;

  const toggle = () => {
    setBusy(true);
    setError(undefined);
    api.patch<Device>(`admin/devices/${encodeURIComponent(device.id)}`, { presents_as_admin: !on }).then(
      (updated) => {
        setBusy(false);
        onSaved(updated);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <Card title="Home Assistant apps" headingId="admin-presentation">
      <div className="switch-row">
        <input
          id="presents-as-admin"
          type="checkbox"
          role="switch"
          checked={on}
          aria-checked={on}
          disabled={busy}
          aria-describedby="presents-as-admin-hint"
          onChange={toggle}
        />
        <label htmlFor="presents-as-admin">Present as an administrator</label>
      </div>
      <p className="hint" id="presents-as-admin-hint">
        For apps that will not start unless the user is a Home Assistant administrator, such as Node-RED's
        Home Assistant nodes. This changes nothing {device.name} may see or do: it only changes what the app
        is told about its user, and lets it subscribe to event types Home Assistant keeps for administrators,
        still filtered to what this device may see.
      </p>
      <ErrorNotice error={error} />
    </Card>
  );
}
