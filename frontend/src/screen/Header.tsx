import type { ScreenSession } from "hasync";
import { useEffect, useState } from "react";
import { endsBeforeItOpens } from "./decide.js";
import { fullscreenSupported, isFullscreen, onFullscreenChange, toggleFullscreen } from "./fullscreen.js";
import { PassClock } from "./PassClock.js";
import { whenInWords } from "./time-left.js";
import { Unpair } from "./Unpair.js";

function FullscreenButton() {
  const [on, setOn] = useState(isFullscreen);
  useEffect(() => onFullscreenChange(() => setOn(isFullscreen())), []);
  if (!fullscreenSupported()) return null;
  return (
    <button type="button" className="button" aria-pressed={on} onClick={() => toggleFullscreen()}>
      {on ? "Exit full screen" : "Full screen"}
    </button>
  );
}

/** What the pass allows now, when it is less than the scope: read-only outside its hours. */
function passNote(session: ScreenSession, now: number): string | null {
  if (session.device.access === "read") return "View only";
  if (session.pass !== "read_only") return null;
  const until = session.pass_changes_at;
  if (until === null || endsBeforeItOpens(session)) return "View only";
  return `View only until ${whenInWords(until, now, session.time_zone)}`;
}

interface Props {
  session: ScreenSession;
  /** Our clock minus the server's, when the session was read. */
  offsetMs: number;
  onUnpaired: () => void;
}

/** The screen's name, a guest pass's time left (live), full screen and unpairing. */
export function Header({ session, offsetMs, onUnpaired }: Props) {
  const { device } = session;
  const endsAt = device.expires_at === null ? Number.NaN : Date.parse(device.expires_at);
  const note = passNote(session, Date.now() - offsetMs);
  return (
    <header className="screen-header">
      <div className="screen-title">
        <h1>{device.name}</h1>
        {note && <p className="pass-note">{note}</p>}
        {device.guest && !Number.isNaN(endsAt) && <PassClock endsAt={endsAt} offsetMs={offsetMs} />}
      </div>
      <div className="screen-actions">
        <FullscreenButton />
        <Unpair guest={device.guest} onUnpaired={onUnpaired} />
      </div>
    </header>
  );
}
