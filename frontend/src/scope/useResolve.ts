import type { Scope, ScopeResolveResponse } from "hasync";
import { useEffect, useState } from "react";
import { api } from "../api/client.js";

const DEBOUNCE_MS = 250;

interface Resolved {
  key: string;
  result: ScopeResolveResponse | undefined;
  error: unknown;
}

/**
 * What the server says a scope gives, before it is saved: the authoritative entity list (the
 * picker's own count is instant but only knows the entities it has loaded), plus names it does
 * not know. `result` is undefined while the current scope is still being resolved.
 */
export function useResolve(scope: Scope): { result: ScopeResolveResponse | undefined; error: unknown } {
  const key = JSON.stringify(scope);
  const [resolved, setResolved] = useState<Resolved>({ key: "", result: undefined, error: undefined });
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      api.post<ScopeResolveResponse>("admin/scope/resolve", JSON.parse(key)).then(
        (result) => {
          if (!cancelled) setResolved({ key, result, error: undefined });
        },
        (error: unknown) => {
          if (!cancelled) setResolved({ key, result: undefined, error });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key]);
  return resolved.key === key ? resolved : { result: undefined, error: undefined };
}
