import type { Confirmation, ConfirmationList, ConfirmDecision, ConfirmDecisionResult } from "hasync";
import { api } from "../api/client.js";
import { useAdminEvents } from "../api/events.js";
import { useResource } from "../api/resource.js";

export interface Confirmations {
  /** Held calls, the one ending first at the top. */
  list: Confirmation[];
  loaded: boolean;
  error: unknown;
  reload: () => void;
  /** Allow or deny one; resolves with how it ended (allowed once Home Assistant answered). */
  decide: (id: string, decision: ConfirmDecision["decision"]) => Promise<ConfirmDecisionResult>;
  /** Drop one the server no longer holds (decided elsewhere, on the phone or in another tab). */
  drop: (id: string) => void;
}

const byDeadline = (a: Confirmation, b: Confirmation) => a.deadline_at.localeCompare(b.deadline_at);

/** The list with `c` in it once (a repeated `pending` event replaces it), by deadline. */
export function withConfirmation(list: ConfirmationList, c: Confirmation): ConfirmationList {
  return { confirmations: [...list.confirmations.filter((x) => x.id !== c.id), c].sort(byDeadline) };
}

export function withoutConfirmation(list: ConfirmationList, id: string): ConfirmationList {
  return { confirmations: list.confirmations.filter((x) => x.id !== id) };
}

/**
 * Calls held for the admin (issue 15), kept live by the push channel: `confirmation.pending`
 * adds one, `confirmation.resolved` removes it, and every `hello` reads the list again, so a
 * call held while the stream was down shows up on reconnect.
 */
export function useConfirmations(): Confirmations {
  const resource = useResource<ConfirmationList>("admin/confirmations");
  const { update, reload } = resource;
  useAdminEvents((event) => {
    if (event.type === "hello") reload();
    else if (event.type === "confirmation.pending")
      update((list) => withConfirmation(list, event.confirmation));
    else if (event.type === "confirmation.resolved") update((list) => withoutConfirmation(list, event.id));
  });
  const decide = (id: string, decision: ConfirmDecision["decision"]) => {
    const body: ConfirmDecision = { decision };
    return api
      .post<ConfirmDecisionResult>(`admin/confirmations/${encodeURIComponent(id)}`, body)
      .then((result) => {
        update((list) => withoutConfirmation(list, id));
        return result;
      });
  };
  return {
    list: [...(resource.data?.confirmations ?? [])].sort(byDeadline),
    loaded: resource.data !== undefined,
    error: resource.error,
    reload,
    decide,
    drop: (id) => update((list) => withoutConfirmation(list, id)),
  };
}
