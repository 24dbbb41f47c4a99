import type { AuditEntry, AuditPage } from "hasync";
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/client.js";
import { useAdminEvents } from "../api/events.js";
import { inAuditGroup } from "../format/audit.js";

interface State {
  entries: AuditEntry[];
  nextBefore: number | null;
  loading: boolean;
  error: unknown;
}

export function auditPath(group: string, limit: number, before?: number | null): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (group !== "") query.set("type", group);
  if (before !== undefined && before !== null) query.set("before", String(before));
  return `admin/audit?${query}`;
}

/**
 * Prepends a live entry unless it is already listed (it may arrive while a page loads). A listed
 * entry that comes again with a new count (the server folds repeated refusals into it) is
 * replaced where it stands.
 */
export function prependEntry(entries: AuditEntry[], entry: AuditEntry): AuditEntry[] {
  const at = entries.findIndex((e) => e.id === entry.id);
  if (at < 0) return [entry, ...entries];
  const listed = entries[at];
  if (listed?.count === entry.count && listed?.last_at === entry.last_at) return entries;
  return entries.map((e, i) => (i === at ? entry : e));
}

/**
 * The audit log newest first, in pages of `limit` ("Load older" follows `next_before`), with new
 * entries of the chosen group arriving live on top.
 */
export function useAudit(group: string, limit: number) {
  const [state, setState] = useState<State>({
    entries: [],
    nextBefore: null,
    loading: true,
    error: undefined,
  });
  const [nonce, setNonce] = useState(0);
  // Entries pushed while the first page is on its way: the page may have been read before them.
  const arrived = useRef<AuditEntry[] | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: nonce is the reload trigger
  useEffect(() => {
    const controller = new AbortController();
    const live: AuditEntry[] = [];
    arrived.current = live;
    const settled = () => {
      if (arrived.current === live) arrived.current = null;
    };
    setState((s) => ({ ...s, loading: true, error: undefined }));
    api.get<AuditPage>(auditPath(group, limit), controller.signal).then(
      (page) => {
        settled();
        const entries = live.reduce(prependEntry, page.entries);
        setState({ entries, nextBefore: page.next_before, loading: false, error: undefined });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        settled();
        setState((s) => ({ ...s, loading: false, error }));
      },
    );
    return () => {
      controller.abort();
      settled();
    };
  }, [group, limit, nonce]);

  useAdminEvents((event) => {
    if (event.type === "hello") setNonce((n) => n + 1);
    else if (event.type === "audit" && inAuditGroup(event.entry.type, group)) {
      arrived.current?.push(event.entry);
      setState((s) => ({ ...s, entries: prependEntry(s.entries, event.entry) }));
    }
  });

  const loadOlder = useCallback(() => {
    if (state.nextBefore === null) return;
    setState((s) => ({ ...s, loading: true }));
    api.get<AuditPage>(auditPath(group, limit, state.nextBefore)).then(
      (page) =>
        setState((s) => ({
          entries: [...s.entries, ...page.entries.filter((e) => !s.entries.some((x) => x.id === e.id))],
          nextBefore: page.next_before,
          loading: false,
          error: undefined,
        })),
      (error: unknown) => setState((s) => ({ ...s, loading: false, error })),
    );
  }, [group, limit, state.nextBefore]);

  return { ...state, loadOlder, reload: () => setNonce((n) => n + 1) };
}
