import { EXPIRY_PRESETS, type ExpiryChoice } from "../pairing/expiry.js";
import { EndField, type EndFieldValue } from "./EndField.js";

export type ExpiryValue = EndFieldValue<ExpiryChoice>;

interface Props {
  value: ExpiryValue;
  onChange: (value: ExpiryValue) => void;
  label?: string;
  problem?: string;
}

/** "Access ends": never, after a preset time, or at a chosen date (a guest pass). */
export function ExpiryField({ value, onChange, label = "Access ends", problem }: Props) {
  return (
    <EndField
      value={value}
      onChange={onChange}
      presets={EXPIRY_PRESETS}
      label={label}
      invalid={problem !== undefined}
      hint={
        problem ? (
          <span className="problem">{problem}</span>
        ) : (
          "After this the device is cut off, like a guest pass."
        )
      }
    />
  );
}
