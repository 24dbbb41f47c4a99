import type { ScreenAuthorizeGrant, ScreenAuthorizeInfo, ScreenPairing } from "hasync";
import { useCallback, useMemo, useState } from "react";
import { describeError } from "../../api/errors.js";
import { guessBrowser } from "../device-name.js";
import { CodePanel } from "../pairing/CodePanel.js";
import { NameForm } from "../pairing/NameForm.js";
import { type PairingOutcome, usePairingEvents } from "../pairing/usePairingEvents.js";
import { localExpiry } from "../time-left.js";
import { authorizeApi } from "./api.js";
import { redirectWithCode } from "./authorize-url.js";
import { suggestName } from "./suggest-name.js";

type Step =
  | { kind: "name"; busy: boolean; error: unknown }
  | { kind: "code"; pairing: ScreenPairing; expiresAt: number }
  | { kind: "collecting"; error: unknown }
  | { kind: "leaving"; to: string }
  | { kind: "denied" }
  | { kind: "expired" };

const ENDINGS = {
  denied: {
    title: "Sign-in was declined",
    text: "The person who looked at the code did not approve this device. Start over to ask again.",
  },
  expired: {
    title: "The pairing code has expired",
    text: "Codes are valid for ten minutes. Start over for a new one.",
  },
};

interface Props {
  client: ScreenAuthorizeInfo;
  /** The client's `state`, handed back with the code. */
  state: string;
}

/** Which app is asking, in HA's words (`ui.panel.page-authorize.authorizing_client`). */
function Asking({ client }: { client: ScreenAuthorizeInfo }) {
  const who = client.ha_app ? "the Home Assistant app" : client.client_name;
  return (
    <p className="authorize-client">
      You're about to give <strong>{who}</strong> access to this home. Once an admin approves this device in
      HAsync, it sees and does only what they allow.
    </p>
  );
}

/**
 * The pairing screen for a sign-in: a name, a code the admin approves (live), then the code for
 * the client and back to its `redirect_uri`. No session cookie is set: the client holds the
 * device's tokens.
 */
export function AuthorizePairing({ client, state }: Props) {
  const guess = useMemo(() => guessBrowser(navigator.userAgent, navigator.maxTouchPoints), []);
  const [name, setName] = useState(() => suggestName(client, guess));
  const [step, setStep] = useState<Step>({ kind: "name", busy: false, error: null });
  const authorize = useMemo(
    () => ({ client_id: client.client_id, redirect_uri: client.redirect_uri }),
    [client],
  );

  const request = async (chosen: string) => {
    setName(chosen);
    setStep({ kind: "name", busy: true, error: null });
    try {
      const pairing = await authorizeApi.pair({
        name: chosen,
        type: guess.type,
        model: guess.model,
        authorize,
      });
      setStep({ kind: "code", pairing, expiresAt: localExpiry(pairing.expires_at, Date.now()) });
    } catch (error) {
      setStep({ kind: "name", busy: false, error });
    }
  };
  const leave = useCallback(
    (grant: ScreenAuthorizeGrant) => {
      const to = redirectWithCode(client.redirect_uri, grant.code, state);
      setStep({ kind: "leaving", to });
      window.location.assign(to);
    },
    [client, state],
  );
  const collect = useCallback(async () => {
    setStep({ kind: "collecting", error: null });
    try {
      leave(await authorizeApi.collect());
    } catch (error) {
      setStep({ kind: "collecting", error });
    }
  }, [leave]);
  const onOutcome = useCallback(
    (outcome: PairingOutcome, grant?: ScreenAuthorizeGrant) => {
      if (outcome !== "approved") setStep({ kind: outcome });
      else if (grant !== undefined) leave(grant);
      else void collect();
    },
    [collect, leave],
  );
  usePairingEvents(step.kind === "code", onOutcome, authorizeApi.collect);
  const expire = useCallback(() => setStep({ kind: "expired" }), []);
  const startOver = () => {
    // Cancels the pending request, so it leaves the admin's list; a failure changes nothing here.
    void authorizeApi.cancel().catch(() => undefined);
    setStep({ kind: "name", busy: false, error: null });
  };

  return (
    <main className="screen pair authorize">
      <h1>Sign in to Home Assistant</h1>
      {(step.kind === "name" || step.kind === "code") && <Asking client={client} />}
      {step.kind === "name" && (
        <NameForm
          initialName={name}
          busy={step.busy}
          error={step.error}
          subject="device"
          onSubmit={(n) => void request(n)}
        />
      )}
      {step.kind === "code" && (
        <CodePanel
          pairing={step.pairing}
          expiresAt={step.expiresAt}
          onExpired={expire}
          onStartOver={startOver}
          subject="device"
        />
      )}
      {step.kind === "collecting" && (
        <div className="pair-ending" role="status">
          <p>{step.error === null ? "Approved. Signing in…" : describeError(step.error)}</p>
          {step.error !== null && (
            <button type="button" className="button primary" onClick={() => void collect()}>
              Try again
            </button>
          )}
        </div>
      )}
      {step.kind === "leaving" && (
        <div className="pair-ending" role="status">
          <p>Approved. Returning to {client.ha_app ? "the Home Assistant app" : client.client_name}…</p>
          <p>
            <a href={step.to}>Continue</a> if nothing happens.
          </p>
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
