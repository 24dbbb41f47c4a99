import { useId } from "react";
import { toLocalInput } from "../format/time.js";
import { EXPIRY_PRESETS, type ExpiryChoice } from "../pairing/expiry.js";

export interface ExpiryValue {
  choice: ExpiryChoice;
  /** `datetime-local` value, used when `choice` is `custom`. */
  custom: string;
}

interface Props {
  value: ExpiryValue;
  onChange: (value: ExpiryValue) => void;
  label?: string;
  problem?: string;
}

/** "Access ends": never, after a preset time, or at a chosen date (a guest pass). */
export function ExpiryField({ value, onChange, label = "Access ends", problem }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field expiry-field">
      <label htmlFor={id}>{label}</label>
      <div className="row wrap">
        <select
          id={id}
          value={value.choice}
          aria-describedby={hintId}
          onChange={(e) => {
            const choice = e.target.value as ExpiryChoice;
            const custom = value.custom || toLocalInput(Date.now() + 86_400_000);
            onChange({ choice, custom });
          }}
        >
          {EXPIRY_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        {value.choice === "custom" && (
          <input
            type="datetime-local"
            aria-label="Date and time access ends"
            value={value.custom}
            min={toLocalInput(Date.now())}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => onChange({ choice: "custom", custom: e.target.value })}
          />
        )}
      </div>
      <p className="hint" id={hintId}>
        {problem ? (
          <span className="problem">{problem}</span>
        ) : (
          "After this the device is cut off, like a guest pass."
        )}
      </p>
    </div>
  );
}
