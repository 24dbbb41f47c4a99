import { type FormEvent, useId, useState } from "react";
import { describeError } from "../../api/errors.js";

interface Props {
  initialName: string;
  busy: boolean;
  error: unknown;
  onSubmit: (name: string) => void;
  /** What is being named: "screen" on the pairing screen, "device" when an app signs in. */
  subject?: string;
}

/** Step 1: a name the admin will recognise when approving, suggested from the browser. */
export function NameForm({ initialName, busy, error, onSubmit, subject = "screen" }: Props) {
  const [name, setName] = useState(initialName);
  const inputId = useId();
  const hintId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed !== "") onSubmit(trimmed);
  };
  return (
    <form className="pair-form" onSubmit={submit}>
      <label htmlFor={inputId}>Name of this {subject}</label>
      <input
        id={inputId}
        className="pair-name"
        value={name}
        maxLength={64}
        required
        autoComplete="off"
        aria-describedby={hintId}
        onChange={(event) => setName(event.currentTarget.value)}
      />
      <p id={hintId} className="hint">
        The person approving it sees this name, e.g. "Kitchen tablet".
      </p>
      {error !== null && (
        <p className="notice notice-bad" role="alert">
          {describeError(error)}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy || name.trim() === ""}>
        {busy ? "Asking HAsync…" : "Show pairing code"}
      </button>
    </form>
  );
}
