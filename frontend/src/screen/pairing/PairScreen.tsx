import type { ScreenPairing, ScreenSession } from "hasync";
import { useCallback, useMemo, useState } from "react";
import { describeError } from "../../api/errors.js";
import { screenApi } from "../api.js";
import { guessBrowser } from "../device-name.js";
import { localExpiry } from "../time-left.js";
import { CodePanel } from "./CodePanel.js";
import { NameForm } from "./NameForm.js";
import { type PairingOutcome, usePairingEvents } from "./usePairingEvents.js";

type Step =
  | { kind: "name"; busy: boolean; error: unknown }
  | { kind: "code"; pairing: ScreenPairing; expiresAt: number }
  | { kind: "collecting"; error: unknown }
  | { kind: "denied" }
  | { kind: "expired" };

/** The admin approved: the session cookie comes with the collect (or is already set, on a retry). */
async function collectSession(): Promise<ScreenSession> {
  try {
    return await screenApi.collect();
  } catch (error) {
    return screenApi.session().catch(() => Promise.reject(error));
  }
}

const ENDINGS = {
  denied: {
    title: "Pairing was declined",
    text: "The person who looked at the code did not approve this screen. Start over to ask again.",
  },
  expired: {
    title: "The pairing code has expired",
    text: "Codes are valid for ten minutes. Start over for a new one.",
  },
};

/** "Pair this screen": a name, then a code the admin approves, waited for live. */
export function PairScreen({ onPaired }: { onPaired: (session: ScreenSession, receivedAt: number) => void }) {
  const guess = useMemo(() => guessBrowser(navigator.userAgent, navigator.maxTouchPoints), []);
  const [name, setName] = useState(guess.name);
  const [step, setStep] = useState<Step>({ kind: "name", busy: false, error: null });

  const request = async (chosen: string) => {
    setName(chosen);
    setStep({ kind: "name", busy: true, error: null });
    try {
      const pairing = await screenApi.pair({ name: chosen, type: guess.type, model: guess.model });
      setStep({ kind: "code", pairing, expiresAt: localExpiry(pairing.expires_at, Date.now()) });
    } catch (error) {
      setStep({ kind: "name", busy: false, error });
    }
  };
  const collect = useCallback(async () => {
    setStep({ kind: "collecting", error: null });
    try {
      onPaired(await collectSession(), Date.now());
    } catch (error) {
      setStep({ kind: "collecting", error });
    }
  }, [onPaired]);
  const onOutcome = useCallback(
    (outcome: PairingOutcome) => (outcome === "approved" ? void collect() : setStep({ kind: outcome })),
    [collect],
  );
  usePairingEvents(step.kind === "code", onOutcome);
  const expire = useCallback(() => setStep({ kind: "expired" }), []);
  const startOver = () => {
    // Cancels the pending request, so it leaves the admin's list; a failure changes nothing here.
    void screenApi.cancelPairing().catch(() => undefined);
    setStep({ kind: "name", busy: false, error: null });
  };

  return (
    <main className="screen pair">
      <h1>Pair this screen</h1>
      {step.kind === "name" && (
        <NameForm initialName={name} busy={step.busy} error={step.error} onSubmit={(n) => void request(n)} />
      )}
      {step.kind === "code" && (
        <CodePanel
          pairing={step.pairing}
          expiresAt={step.expiresAt}
          onExpired={expire}
          onStartOver={startOver}
        />
      )}
      {step.kind === "collecting" && (
        <div className="pair-ending" role="status">
          <p>{step.error === null ? "Approved. Opening the dashboard…" : describeError(step.error)}</p>
          {step.error !== null && (
            <button type="button" className="button primary" onClick={() => void collect()}>
              Try again
            </button>
          )}
        </div>
      )}
      {(step.kind === "denied" || step.kind === "expired") && (
        <div className="pair-ending" role="alert">
          <h2>{ENDINGS[step.kind].title}</h2>
          <p>{ENDINGS[step.kind].text}</p>
          <button type="button" className="button primary" onClick={startOver}>
            Start over
          </button>
        </div>
      )}
    </main>
  );
}
