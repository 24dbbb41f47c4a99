import { type ReactNode, useId } from "react";
import { toLocalInput } from "../format/time.js";

export interface EndFieldValue<C extends string> {
  choice: C;
  /** `datetime-local` value, used when `choice` is `custom`. */
  custom: string;
}

interface Props<C extends string> {
  value: EndFieldValue<C>;
  onChange: (value: EndFieldValue<C>) => void;
  /** The choices offered; the one with id `custom` shows a date and time input. */
  presets: readonly { id: C; label: string }[];
  label: string;
  invalid: boolean;
  /** Under the field: what the choice means, or the problem with it. */
  hint: ReactNode;
}

/** When access ends: a preset or a chosen date and time (a device's expiry, an invite's end). */
export function EndField<C extends string>({ value, onChange, presets, label, invalid, hint }: Props<C>) {
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
            const choice = e.target.value as C;
            onChange({ choice, custom: value.custom || toLocalInput(Date.now() + 86_400_000) });
          }}
        >
          {presets.map((p) => (
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
            aria-invalid={invalid ? true : undefined}
            aria-describedby={hintId}
            onChange={(e) => onChange({ choice: "custom" as C, custom: e.target.value })}
          />
        )}
      </div>
      <p className="hint" id={hintId}>
        {hint}
      </p>
    </div>
  );
}
