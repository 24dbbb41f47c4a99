import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { describeError } from "../api/errors.js";
import { screenApi } from "./api.js";

/**
 * "Unpair this screen", behind a confirmation. Not the native `<dialog>`: Safari 14 (old iPads on
 * walls) has none; this panel takes focus, Escape cancels, and Cancel is the default.
 */
export function Unpair({ guest, onUnpaired }: { guest: boolean; onUnpaired: () => void }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const titleId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  // Focus goes to Cancel when the question opens, and back to the button when it closes; before
  // the next paint, so a key pressed at once lands in the question.
  useLayoutEffect(() => {
    if (asking) cancelRef.current?.focus();
    else if (wasAsking.current) openerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  // Escape cancels wherever the focus is.
  useEffect(() => {
    if (!asking) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setAsking(false);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [asking]);
  const unpair = async () => {
    setBusy(true);
    setError(null);
    try {
      await screenApi.signOut();
      onUnpaired();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  const button = (
    <button ref={openerRef} type="button" className="button" onClick={() => setAsking(true)}>
      Unpair this screen
    </button>
  );
  return (
    <>
      {button}
      {asking && (
        <div className="overlay">
          <section className="confirm" role="alertdialog" aria-modal="true" aria-labelledby={titleId}>
            <h2 id={titleId}>Unpair this screen?</h2>
            <p>
              {guest
                ? "This device loses its access to the home. To use it again you will need a new invitation."
                : "This screen loses its access to the home until an admin approves it again."}
            </p>
            {error !== null && (
              <p className="notice notice-bad" role="alert">
                {describeError(error)}
              </p>
            )}
            <div className="confirm-actions">
              <button ref={cancelRef} type="button" className="button" onClick={() => setAsking(false)}>
                Cancel
              </button>
              <button type="button" className="button danger" disabled={busy} onClick={() => void unpair()}>
                Unpair
              </button>
            </div>
          </section>
        </div>
      )}
    </>
  );
}
