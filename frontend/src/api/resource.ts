import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "./client.js";

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Fetch again, keeping the current data on screen meanwhile. */
  reload: () => void;
  /** Patch the data locally (from a push event) without a round trip. */
  update: (change: (current: T) => T) => void;
}

interface State<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

type Change<T> = (current: T) => T;

/** Replays, in order, the push events that arrived while a read was on its way. */
export function replay<T>(answer: T, changes: readonly Change<T>[]): T {
  return changes.reduce((data, change) => change(data), answer);
}

/**
 * GETs `path` (under `api/v1/`) once per `path`, and again on `reload()`; `null` skips.
 *
 * The answer and the push events travel on different connections, so an event can arrive before
 * the answer to a read the server served before that change (e.g. a device starts pairing just
 * as a `hello` refetches the list). Changes made while a read is in flight are therefore kept and
 * replayed onto its answer: the changes are idempotent upserts and removals, so replaying one the
 * answer already holds is harmless, and dropping one would hide it until the next change.
 */
export function useResource<T>(path: string | null): Resource<T> {
  const [state, setState] = useState<State<T>>({ data: undefined, error: undefined, loading: path !== null });
  const [nonce, setNonce] = useState(0);
  const inFlight = useRef<Change<T>[] | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: nonce is the reload trigger
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    const changes: Change<T>[] = [];
    inFlight.current = changes;
    setState((s) => ({ ...s, loading: true }));
    const settled = () => {
      if (inFlight.current === changes) inFlight.current = null;
    };
    api.get<T>(path, controller.signal).then(
      (data) => {
        settled();
        setState({ data: replay(data, changes), error: undefined, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        settled();
        setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => {
      controller.abort();
      settled();
    };
  }, [path, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const update = useCallback((change: Change<T>) => {
    inFlight.current?.push(change);
    setState((s) => (s.data === undefined ? s : { ...s, data: change(s.data) }));
  }, []);
  return { ...state, reload, update };
}
