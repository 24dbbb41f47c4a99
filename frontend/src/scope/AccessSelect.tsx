import type { EntityAccess } from "hasync";
import { ACCESS_CHOICES, ACCESS_WORDS, type AccessChoice } from "./guard.js";

interface Props {
  id?: string;
  /** The accessible name when no <label> points at it ("Access for Front door"). */
  label?: string;
  choice: AccessChoice;
  /** What "Default" gives here, in words ("Ask first"). */
  defaultWords: string;
  onChange: (choice: AccessChoice) => void;
}

const isChoice = (value: string): value is AccessChoice =>
  value === "default" || (ACCESS_CHOICES as readonly string[]).includes(value);

/** Default / Hidden / Read / Control / Ask first, with what Default means here. */
export function AccessSelect({ id, label, choice, defaultWords, onChange }: Props) {
  return (
    <select
      id={id}
      aria-label={label}
      className={`access-select${choice === "default" ? "" : " access-own"}`}
      value={choice}
      onChange={(e) => {
        if (isChoice(e.target.value)) onChange(e.target.value);
      }}
    >
      <option value="default">Default ({defaultWords})</option>
      {ACCESS_CHOICES.map((a: EntityAccess) => (
        <option key={a} value={a}>
          {ACCESS_WORDS[a]}
        </option>
      ))}
    </select>
  );
}
