import type { Device, DevicePatch, Scope } from "hasync";
import { useEffect, useState } from "react";
import { api } from "../api/client.js";
import { ErrorNotice, Notice } from "../components/ui.js";
import { sameScope } from "../scope/model.js";
import { ScopeEditor } from "../scope/ScopeEditor.js";
import { ScopeSummaryBar } from "../scope/ScopeSummaryBar.js";

interface Props {
  device: Device;
  onSaved: (device: Device) => void;
}

/** Edit what a paired device may see and do; changes reach it live once saved. */
export function DeviceScopeCard({ device, onSaved }: Props) {
  const [draft, setDraft] = useState<Scope>(device.scope);
  const [base, setBase] = useState<Scope>(device.scope);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const dirty = !sameScope(draft, base);

  // Someone else changed the scope: follow it unless there are unsaved edits here.
  useEffect(() => {
    if (sameScope(device.scope, base)) return;
    setBase(device.scope);
    if (!dirty) setDraft(device.scope);
  }, [device.scope, base, dirty]);

  const save = () => {
    const patch: DevicePatch = { scope: draft };
    setBusy(true);
    setError(undefined);
    api.patch<Device>(`admin/devices/${encodeURIComponent(device.id)}`, patch).then(
      (updated) => {
        setBusy(false);
        setBase(updated.scope);
        setDraft(updated.scope);
        setSaved(true);
        onSaved(updated);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <ScopeEditor
      scope={draft}
      onChange={(scope) => {
        setDraft(scope);
        setSaved(false);
      }}
      title="What it may see and do"
    >
      <div className="action-bar">
        <ScopeSummaryBar scope={draft} subject={device.name} expiresAt={null} />
        {saved && !dirty && <Notice tone="good">Saved. The device sees the new scope now.</Notice>}
        <ErrorNotice error={error} />
        <div className="row end">
          <button type="button" className="button" disabled={!dirty || busy} onClick={() => setDraft(base)}>
            Undo changes
          </button>
          <button type="button" className="button primary" disabled={!dirty || busy} onClick={save}>
            {busy ? "Saving…" : "Save scope"}
          </button>
        </div>
      </div>
    </ScopeEditor>
  );
}
