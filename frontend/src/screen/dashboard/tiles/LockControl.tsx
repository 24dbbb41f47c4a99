import { useEffect, useRef, useState } from "react";
import { labels } from "../model/labels.js";
import { lockCall } from "../model/services.js";
import type { ControlProps } from "./controls.js";

/**
 * Lock and unlock ask first, in a dialog that names the lock. A small modal of our own: `<dialog>`
 * is missing from Safari before 15.4. Focus goes to the confirm button, Escape or Cancel closes,
 * Tab stays inside, and focus returns to the button that opened it.
 */
export function LockControl(props: ControlProps & { locked: boolean }) {
  const { state, name, disabled, run, locked } = props;
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setAsking(false);
    opener.current?.focus();
  };
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
          onCancel={close}
          onConfirm={() => {
            close();
            run(lockCall(state, !locked));
          }}
        />
      )}
    </>
  );
}

function ConfirmLock(props: { title: string; confirm: string; onCancel: () => void; onConfirm: () => void }) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  const onKeyDown = (event: { key: string; shiftKey: boolean; preventDefault: () => void }) => {
    if (event.key === "Escape") {
      event.preventDefault();
      props.onCancel();
    } else if (event.key === "Tab") {
      // Two buttons: Tab and Shift+Tab move between them and never leave the dialog.
      event.preventDefault();
      const next = document.activeElement === confirmRef.current ? cancelRef.current : confirmRef.current;
      next?.focus();
    }
  };
  return (
    <div className="dash-backdrop">
      <div
        className="dash-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="dash-dialog-title"
        onKeyDown={onKeyDown}
      >
        <h2 id="dash-dialog-title">{props.title}</h2>
        <div className="dash-row dash-dialog-actions">
          <button ref={cancelRef} type="button" className="dash-button" onClick={props.onCancel}>
            {labels.cancel}
          </button>
          <button
            ref={confirmRef}
            type="button"
            className="dash-button dash-primary"
            onClick={props.onConfirm}
          >
            {props.confirm}
          </button>
        </div>
      </div>
    </div>
  );
}
