import { EndField } from "../components/EndField.js";
import { dateTime } from "../format/time.js";
import { END_PRESETS, type EndResult, type EndValue } from "./ends.js";

interface Props {
  value: EndValue;
  onChange: (value: EndValue) => void;
  /** The outcome of `passEndOf`, so the hint can name the moment or the problem. */
  result: EndResult;
}

/** "Access ends": tonight, in a few days, or on a chosen date; never "never" for a guest. */
export function PassEndField({ value, onChange, result }: Props) {
  return (
    <EndField
      value={value}
      onChange={onChange}
      presets={END_PRESETS}
      label="Access ends"
      invalid={!result.ok}
      hint={
        result.ok ? (
          `Ends ${dateTime(result.expiresAt)}, for the link and every device made from it.`
        ) : (
          <span className="problem">{result.problem}</span>
        )
      }
    />
  );
}
