import { useCallback, useEffect, useState } from "react";
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

/** GETs `path` (under `api/v1/`) once per `path`, and again on `reload()`; `null` skips. */
export function useResource<T>(path: string | null): Resource<T> {
  const [state, setState] = useState<State<T>>({ data: undefined, error: undefined, loading: path !== null });
  const [nonce, setNonce] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: nonce is the reload trigger
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    api.get<T>(path, controller.signal).then(
      (data) => setState({ data, error: undefined, loading: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => controller.abort();
  }, [path, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const update = useCallback(
    (change: (current: T) => T) =>
      setState((s) => (s.data === undefined ? s : { ...s, data: change(s.data) })),
    [],
  );
  return { ...state, reload, update };
}
