import type { Device } from "hasync";
import { useState } from "react";
import { HoursEditor } from "../components/HoursEditor.js";
import {
  draftFromHours,
  type HoursDraft,
  hoursFromDraft,
  hoursInWords,
  newDraft,
} from "../components/hours.js";
import { Card, ErrorNotice, Notice } from "../components/ui.js";
import { useDevicePatch } from "./useDevicePatch.js";

interface Props {
  device: Device;
  onSaved: (device: Device) => void;
}

/**
 * Weekly hours of the device's pass: when it may be used, and whether it is read-only or closed
 * outside them. Any device can have hours; a guest's come from its invite.
 */
export function DeviceHoursCard({ device, onSaved }: Props) {
  const [editing, setEditing] = useState<HoursDraft>();
  const { busy, error, done, setDone, patch } = useDevicePatch(device, onSaved);
  const result = editing ? hoursFromDraft(editing) : undefined;

  const save = () => {
    if (result?.ok) patch({ hours: result.hours }, "Hours saved.", () => setEditing(undefined));
  };
  const edit = () => {
    setDone(undefined);
    setEditing(device.hours ? draftFromHours(device.hours) : newDraft());
  };

  return (
    <Card title="Hours" headingId="hours">
      <p className="hours-now">
        <strong>{hoursInWords(device.hours)}</strong>
        {device.hours === null && <span className="muted"> (whenever its access lasts)</span>}
      </p>
      {editing && result ? (
        <>
          <HoursEditor
            value={editing}
            onChange={setEditing}
            problems={result.ok ? [] : result.rows}
            problem={result.ok ? undefined : result.problem}
          />
          <div className="row end">
            <button type="button" className="button" disabled={busy} onClick={() => setEditing(undefined)}>
              Cancel
            </button>
            <button type="button" className="button primary" disabled={busy || !result.ok} onClick={save}>
              Save hours
            </button>
          </div>
        </>
      ) : (
        <div className="row wrap">
          <button type="button" className="button" onClick={edit}>
            {device.hours ? "Change hours" : "Only at certain hours…"}
          </button>
          {device.hours && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                patch({ hours: null }, "Hours removed: it may be used at any time.", () =>
                  setEditing(undefined),
                )
              }
            >
              Remove hours
            </button>
          )}
        </div>
      )}
      {done && <Notice tone="good">{done}</Notice>}
      <ErrorNotice error={error} />
    </Card>
  );
}
