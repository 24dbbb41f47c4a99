import type { Scope, ScopeResolveResponse } from "hasync";
import { useEffect, useState } from "react";
import { api } from "../api/client.js";

const DEBOUNCE_MS = 250;

/**
 * Resolves on their way, by scope: the summary bar and the picker's preview both ask for the
 * scope on screen at the same moment, and share one request.
 */
const inFlight = new Map<string, Promise<ScopeResolveResponse>>();

function resolveOnce(key: string): Promise<ScopeResolveResponse> {
  const known = inFlight.get(key);
  if (known) return known;
  const request = api.post<ScopeResolveResponse>("admin/scope/resolve", JSON.parse(key));
  inFlight.set(key, request);
  const forget = () => inFlight.delete(key);
  request.then(forget, forget);
  return request;
}

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
      resolveOnce(key).then(
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
