import type { PendingPairing, PendingPairingList } from "hasync";
import { useAdminEvents } from "../api/events.js";
import { useResource } from "../api/resource.js";

export interface Pending {
  requests: PendingPairing[];
  loaded: boolean;
  error: unknown;
  reload: () => void;
  /** Drop a request at once (after approve/deny) without waiting for the push event. */
  remove: (userCode: string) => void;
}

const withoutCode = (list: PendingPairingList, code: string): PendingPairingList => ({
  pending: list.pending.filter((p) => p.user_code !== code),
});

/** Devices waiting for approval, kept live by the push channel. */
export function usePending(): Pending {
  const resource = useResource<PendingPairingList>("admin/pairing");
  const { update, reload } = resource;
  useAdminEvents((event) => {
    if (event.type === "hello") reload();
    else if (event.type === "pairing.pending") {
      update((list) => ({ pending: [...withoutCode(list, event.request.user_code).pending, event.request] }));
    } else if (event.type === "pairing.resolved") update((list) => withoutCode(list, event.user_code));
  });
  return {
    requests: resource.data?.pending ?? [],
    loaded: resource.data !== undefined,
    error: resource.error,
    reload,
    remove: (code) => update((list) => withoutCode(list, code)),
  };
}
