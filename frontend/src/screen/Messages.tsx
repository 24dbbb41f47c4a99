import type { ScreenSession } from "hasync";
import type { ReactNode } from "react";
import { endsBeforeItOpens, type Refusal } from "./decide.js";
import { whenInWords } from "./time-left.js";
import { Unpair } from "./Unpair.js";

function Message({ title, children, alert }: { title: string; children: ReactNode; alert?: boolean }) {
  return (
    <main className="screen message">
      <div className="message-body" role={alert ? "alert" : undefined}>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function Loading() {
  return (
    <main className="screen message">
      <p className="screen-loading" role="status">
        Loading…
      </p>
    </main>
  );
}

export function Ended({ onPair }: { onPair: () => void }) {
  return (
    <Message title="This pass has ended" alert>
      <p>
        The access this device was given has run out. If you still need it, ask the person who gave you the
        invitation for a new one, or pair this screen again.
      </p>
      <button type="button" className="button" onClick={onPair}>
        Pair this screen
      </button>
    </Message>
  );
}

export function Closed({ session, onUnpaired }: { session: ScreenSession; onUnpaired: () => void }) {
  const until = session.pass_changes_at;
  const ends = endsBeforeItOpens(session);
  const when = until && !ends ? whenInWords(until, Date.now(), session.time_zone) : null;
  return (
    <Message title={when ? `Closed until ${when}` : "Closed for now"}>
      <p>
        {ends
          ? `${session.device.name} may only be used at set times, and this pass ends before the next one starts. Ask the person who invited you for a new invitation if you still need it.`
          : `${session.device.name} may only be used at set times. This page opens by itself when the next one starts; leave it open.`}
      </p>
      <Unpair guest={session.device.guest} onUnpaired={onUnpaired} />
    </Message>
  );
}

export function Unreachable({ onRetry }: { onRetry: () => void }) {
  return (
    <Message title="HAsync could not be reached">
      <p>Check that this screen is on the home's network. It keeps trying on its own.</p>
      <button type="button" className="button" onClick={onRetry}>
        Try now
      </button>
    </Message>
  );
}

export function InviteRefused({ refusal }: { refusal: Refusal }) {
  return (
    <Message title={refusal.title} alert>
      <p>{refusal.text}</p>
    </Message>
  );
}

export function Joining() {
  return (
    <main className="screen message">
      <p className="screen-loading" role="status">
        Opening your invitation…
      </p>
    </main>
  );
}
