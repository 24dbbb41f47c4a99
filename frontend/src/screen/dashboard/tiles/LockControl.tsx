import { useEffect, useRef, useState } from "react";
import { ADMIN_ASKED_WORDS } from "../model/access.js";
import { labels } from "../model/labels.js";
import { codeInputMode, lockCall } from "../model/services.js";
import type { ControlProps } from "./controls.js";

/**
 * Lock and unlock ask first, in a dialog that names the lock. A lock with a `code_format` asks for
 * its code there, as HA's frontend does (data/lock.ts `callProtectedLockService`); left empty, HA
 * uses the lock's default code if it has one (HAsync does not show a device that option). A small
 * modal of our own: `<dialog>` is missing from Safari before 15.4. Focus goes into it, Escape or
 * Cancel closes, Tab stays inside, and focus returns to the button that opened it.
 */
export function LockControl(props: ControlProps & { locked: boolean }) {
  const { state, name, disabled, asksFirst, run, locked } = props;
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setAsking(false);
    opener.current?.focus();
  };
  const codeFormat = typeof state.attributes.code_format === "string" ? state.attributes.code_format : null;
  return (
    <>
      <button
        ref={opener}
        type="button"
        className="dash-button"
        aria-label={labels.lock(name, locked)}
        aria-haspopup="dialog"
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {locked ? "Unlock" : "Lock"}
      </button>
      {asking && (
        <ConfirmLock
          title={labels.confirmLock(name, locked)}
          confirm={labels.lock(name, locked)}
          codeLabel={codeFormat === null ? null : labels.lockCode(name)}
          codeMode={codeInputMode(codeFormat)}
          note={asksFirst ? ADMIN_ASKED_WORDS : null}
          onCancel={close}
          onConfirm={(code) => {
            close();
            run(lockCall(state, !locked, code));
          }}
        />
      )}
    </>
  );
}

interface ConfirmProps {
  title: string;
  confirm: string;
  /** The code field's name, or null when the lock takes no code. */
  codeLabel: string | null;
  codeMode: "numeric" | "text";
  /** Said under the title: the call waits for the household's admin. */
  note: string | null;
  onCancel: () => void;
  onConfirm: (code: string | undefined) => void;
}

function ConfirmLock(props: ConfirmProps) {
  const box = useRef<HTMLDivElement>(null);
  const [code, setCode] = useState("");
  useEffect(() => {
    box.current?.querySelector<HTMLElement>("input, .dash-primary")?.focus();
  }, []);
  const onKeyDown = (event: { key: string; shiftKey: boolean; preventDefault: () => void }) => {
    if (event.key === "Escape") {
      event.preventDefault();
      props.onCancel();
      return;
    }
    if (event.key !== "Tab" || !box.current) return;
    // Tab and Shift+Tab go round the dialog's own fields and never leave it.
    event.preventDefault();
    const items = Array.prototype.slice.call(box.current.querySelectorAll("input, button")) as HTMLElement[];
    const at = items.indexOf(document.activeElement as HTMLElement);
    items[(at + (event.shiftKey ? items.length - 1 : 1)) % items.length]?.focus();
  };
  return (
    <div className="dash-backdrop">
      <div
        ref={box}
        className="dash-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="dash-dialog-title"
        aria-describedby={props.note ? "dash-dialog-note" : undefined}
        onKeyDown={onKeyDown}
      >
        <h2 id="dash-dialog-title">{props.title}</h2>
        {props.note && (
          <p id="dash-dialog-note" className="dash-dialog-note">
            {props.note}
          </p>
        )}
        {props.codeLabel && (
          <input
            className="dash-code"
            type="password"
            inputMode={props.codeMode}
            autoComplete="off"
            aria-label={props.codeLabel}
            placeholder="Code"
            value={code}
            onChange={(event) => setCode((event.target as HTMLInputElement).value)}
            onKeyDown={(event) => {
              if (event.key !== "Enter") return;
              // Else the same key press would reach the opener, which has the focus again, and reopen.
              event.preventDefault();
              props.onConfirm(code || undefined);
            }}
          />
        )}
        <div className="dash-row dash-dialog-actions">
          <button type="button" className="dash-button" onClick={props.onCancel}>
            {labels.cancel}
          </button>
          <button
            type="button"
            className="dash-button dash-primary"
            onClick={() => props.onConfirm(code || undefined)}
          >
            {props.confirm}
          </button>
        </div>
      </div>
    </div>
  );
}
