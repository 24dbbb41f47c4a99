import type { Device } from "hasync";
import { type FormEvent, useState } from "react";
import { Card, ErrorNotice, Notice } from "../components/ui.js";
import { draftOf, type RateDraft, rateInWords, rateOf } from "./rate.js";
import { useDevicePatch } from "./useDevicePatch.js";

interface Props {
  device: Device;
  onSaved: (device: Device) => void;
}

/**
 * How many service calls a minute the device may make, and how many at once (a token bucket:
 * `burst` calls, refilled at `per_minute`). Past it a call is refused as Home Assistant would.
 */
export function DeviceRateCard({ device, onSaved }: Props) {
  const [draft, setDraft] = useState<RateDraft>();
  const { busy, error, done, setDone, patch } = useDevicePatch(device, onSaved);
  const result = draft ? rateOf(draft) : undefined;

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (result?.ok) patch({ rate: result.rate }, "Call rate saved.", () => setDraft(undefined));
  };

  return (
    <Card title="Call rate" headingId="rate">
      <p className="rate-now">
        <strong>{rateInWords(device.rate)}</strong>
        <span className="muted"> of service calls; reading is not counted.</span>
      </p>
      {draft ? (
        <form onSubmit={save}>
          <div className="row wrap rate-fields">
            <div className="field">
              <label htmlFor="rate-per-minute">Calls a minute</label>
              <input
                id="rate-per-minute"
                type="number"
                min={1}
                max={6000}
                value={draft.per_minute}
                aria-invalid={result?.ok === false ? true : undefined}
                onChange={(e) => setDraft({ ...draft, per_minute: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="rate-burst">At once</label>
              <input
                id="rate-burst"
                type="number"
                min={1}
                max={200}
                value={draft.burst}
                aria-invalid={result?.ok === false ? true : undefined}
                onChange={(e) => setDraft({ ...draft, burst: e.target.value })}
              />
            </div>
          </div>
          {result?.ok === false && <p className="problem">{result.problem}</p>}
          <div className="row end">
            <button type="button" className="button" disabled={busy} onClick={() => setDraft(undefined)}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={busy || !result?.ok}>
              Save rate
            </button>
          </div>
        </form>
      ) : (
        <div className="row wrap">
          <button
            type="button"
            className="button"
            onClick={() => {
              setDone(undefined);
              setDraft(draftOf(device.rate));
            }}
          >
            Change rate
          </button>
          {device.rate && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => patch({ rate: null }, "Back to the default rate.", () => setDraft(undefined))}
            >
              Reset to default
            </button>
          )}
        </div>
      )}
      {done && <Notice tone="good">{done}</Notice>}
      <ErrorNotice error={error} />
    </Card>
  );
}
