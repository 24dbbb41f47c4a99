import type { ScreenPairing } from "hasync";
import { useEffect, useState } from "react";
import { QrCode } from "../../components/QrCode.js";
import { countdown } from "../time-left.js";
import { linkToType } from "./approve-link.js";

interface Props {
  pairing: ScreenPairing;
  /** When the code expires, by this browser's clock. */
  expiresAt: number;
  onExpired: () => void;
  onStartOver: () => void;
  /** What is being approved: "screen", or "device" when an app signs in. */
  subject?: string;
}

/** Step 2: the code, large, a QR code of the approval link, the link as text, and the time left. */
export function CodePanel({ pairing, expiresAt, onExpired, onStartOver, subject = "screen" }: Props) {
  const [now, setNow] = useState(() => Date.now());
  const left = expiresAt - now;
  useEffect(() => {
    if (left <= 0) {
      onExpired();
      return;
    }
    const timer = setTimeout(() => setNow(Date.now()), Math.min(1000, left));
    return () => clearTimeout(timer);
  }, [left, onExpired]);
  return (
    <div className="pair-code-panel">
      <div className="pair-code-text">
        <p>Approve this {subject} in HAsync, in Home Assistant's sidebar, with this code:</p>
        <p className="pair-code">{pairing.user_code}</p>
        <p className="pair-wait" role="status">
          Waiting for approval…
        </p>
        <p className="pair-expiry">
          The code expires in <span role="timer">{countdown(left)}</span>.
        </p>
      </div>
      <div className="pair-qr">
        <QrCode value={pairing.approve_url} label={`QR code: approve ${pairing.name} in HAsync`} size={240} />
      </div>
      <div className="pair-more">
        <p className="pair-link">
          Or scan the QR code, or open{" "}
          <a href={pairing.approve_url}>{linkToType(pairing.approve_url, pairing.user_code)}</a> and enter the
          code.
        </p>
        <button type="button" className="button" onClick={onStartOver}>
          Start over
        </button>
      </div>
    </div>
  );
}
