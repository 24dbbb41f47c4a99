import { useId } from "react";
import { dateTime, toLocalInput } from "../format/time.js";
import { END_PRESETS, type EndChoice, type EndResult, type EndValue } from "./ends.js";

interface Props {
  value: EndValue;
  onChange: (value: EndValue) => void;
  /** The outcome of `passEndOf`, so the hint can name the moment or the problem. */
  result: EndResult;
}

/** "Access ends": tonight, in a few days, or on a chosen date; never "never" for a guest. */
export function PassEndField({ value, onChange, result }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field expiry-field">
      <label htmlFor={id}>Access ends</label>
      <div className="row wrap">
        <select
          id={id}
          value={value.choice}
          aria-describedby={hintId}
          onChange={(e) => {
            const choice = e.target.value as EndChoice;
            onChange({ choice, custom: value.custom || toLocalInput(Date.now() + 86_400_000) });
          }}
        >
          {END_PRESETS.map((p) => (
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
            aria-invalid={result.ok ? undefined : true}
            aria-describedby={hintId}
            onChange={(e) => onChange({ choice: "custom", custom: e.target.value })}
          />
        )}
      </div>
      <p className="hint" id={hintId}>
        {result.ok ? (
          `Ends ${dateTime(result.expiresAt)}, for the link and every device made from it.`
        ) : (
          <span className="problem">{result.problem}</span>
        )}
      </p>
    </div>
  );
}
