/**
 * What a tile may do (issue 15): `read` shows no controls; `control` shows them; `confirm` shows
 * them and says the household's admin is asked before Home Assistant acts (HAsync holds the
 * call). The session lists only the entities whose access differs from the scope's own
 * (`ScreenSession.device.entity_access`); a read-only scope or pass controls nothing at all.
 */
export type TileAccess = "read" | "control" | "confirm";

export function tileAccess(
  entityId: string,
  controls: boolean,
  entityAccess: Readonly<Record<string, TileAccess>> | undefined,
): TileAccess {
  if (!controls) return "read";
  return entityAccess?.[entityId] ?? "control";
}

/** How long a call runs before its tile says it is waiting for the admin (a plain call takes ms). */
export const APPROVAL_HINT_MS = 1000;

export const WAITING_WORDS = "Waiting for approval…";
export const ASKS_FIRST_WORDS = "Asks first";
export const ADMIN_ASKED_WORDS = "The household's admin will be asked to approve this first.";

/**
 * Follows one service call: `waiting` once it has stayed unanswered for `APPROVAL_HINT_MS` on an
 * entity that asks first, `settled` when it ends either way. The returned function (the tile went
 * away) stops both. Home Assistant answers a held call only once the admin has decided, so the
 * long wait is the approval, not a slow Home Assistant.
 */
export function followCall(
  call: Promise<unknown>,
  asksFirst: boolean,
  on: { waiting: () => void; settled: () => void },
): () => void {
  let live = true;
  const timer = asksFirst
    ? setTimeout(() => {
        if (live) on.waiting();
      }, APPROVAL_HINT_MS)
    : undefined;
  const stop = () => {
    live = false;
    clearTimeout(timer);
  };
  const end = () => {
    if (!live) return;
    stop();
    on.settled();
  };
  call.then(end, end);
  return stop;
}
