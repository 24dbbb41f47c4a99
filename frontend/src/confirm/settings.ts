/** Waits the admin can pick from (the contract allows 15 s to 10 minutes). */
const TIMEOUTS = [15, 30, 60, 120, 300, 600];

/** The offered waits, with the current one among them even when it is not a preset. */
export function timeoutChoices(current: number): number[] {
  return TIMEOUTS.includes(current) ? TIMEOUTS : [...TIMEOUTS, current].sort((a, b) => a - b);
}

/** "30 seconds", "2 minutes", "1 minute 30 seconds". */
export function timeoutInWords(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  const minutes = m === 0 ? "" : `${m} ${m === 1 ? "minute" : "minutes"}`;
  const rest = s === 0 ? "" : `${s} ${s === 1 ? "second" : "seconds"}`;
  return [minutes, rest].filter((p) => p !== "").join(" ") || "0 seconds";
}
