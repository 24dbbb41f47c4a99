import type { PendingPairing } from "hasync";
import { useEffect, useState } from "react";
import { useAdminEvents } from "../api/events.js";
import { ApproveForm } from "../pairing/ApproveForm.js";
import { normalizeUserCode } from "../pairing/code.js";
import type { Pending } from "../pairing/usePending.js";
import { WhichDevice } from "../pairing/WhichDevice.js";
import { navigate } from "../router/router.js";
import { hrefOf } from "../router/routes.js";

interface Props {
  pending: Pending;
  /** `?code=` from the device's verification_uri_complete (a QR code or link). */
  code: string;
}

const OUTCOME: Record<"approved" | "denied" | "expired", string> = {
  approved: "This device was approved meanwhile (perhaps in another window).",
  denied: "This device was denied meanwhile (perhaps in another window).",
  expired: "This request expired before it was approved. Start pairing again on the device.",
};

/** Approve a device: find it by its code, name it, decide what it may see and for how long. */
export function PairPage({ pending, code }: Props) {
  const [codeInput, setCodeInput] = useState(code);
  const [outcome, setOutcome] = useState<string>();
  // The request being approved or denied here: its own "resolved" push event may arrive before
  // the answer does, and must neither hide the form nor be reported as someone else's decision.
  const [deciding, setDeciding] = useState<PendingPairing>();
  useEffect(() => setCodeInput(code), [code]);
  const userCode = normalizeUserCode(codeInput);
  const request =
    pending.requests.find((r) => r.user_code === userCode) ??
    (deciding?.user_code === userCode ? deciding : undefined);

  useAdminEvents((event) => {
    if (event.type !== "pairing.resolved" || event.user_code !== userCode) return;
    if (event.user_code !== deciding?.user_code) setOutcome(OUTCOME[event.outcome]);
  });

  const choose = (r: PendingPairing) => {
    setCodeInput(r.user_code);
    setOutcome(undefined);
    navigate(hrefOf({ name: "pair" }, { code: r.user_code }), { replace: true });
  };

  return (
    <>
      <h1 tabIndex={-1}>Approve a device</h1>
      <p className="lede">
        When a tablet, TV or kiosk starts pairing, it shows a code and appears here at once. Check that the
        code matches, then decide what it may see.
      </p>
      <WhichDevice
        pending={pending}
        codeInput={codeInput}
        userCode={userCode}
        request={request}
        outcome={outcome}
        onCodeInput={(value) => {
          setCodeInput(value);
          setOutcome(undefined);
        }}
        onChoose={choose}
      />
      {request && (
        <ApproveForm
          key={request.user_code}
          request={request}
          onDeciding={setDeciding}
          onDecided={pending.remove}
        />
      )}
    </>
  );
}
