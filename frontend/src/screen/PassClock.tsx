import { useEffect, useState } from "react";
import { tickFor, timeLeft } from "./time-left.js";

/** "Pass ends in 2 h 05 min", kept true: redrawn every second near the end, less often before. */
export function PassClock({ endsAt, offsetMs }: { endsAt: number; offsetMs: number }) {
  const [now, setNow] = useState(() => Date.now());
  const left = endsAt - now + offsetMs;
  useEffect(() => {
    const timer = setTimeout(() => setNow(Date.now()), tickFor(left));
    return () => clearTimeout(timer);
  }, [left]);
  return (
    <p className="pass-clock" role="timer" aria-live="off">
      Pass ends in <strong>{timeLeft(left)}</strong>
    </p>
  );
}
