import type { HealthResponse } from "hasync";
import { useEffect, useState } from "react";

/** Relative on purpose: resolves against the document base, so it works under ingress too. */
const HEALTH_URL = "health";

export function App() {
  const [health, setHealth] = useState<HealthResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetch(HEALTH_URL, { signal: controller.signal })
      .then((res) =>
        res.ok ? (res.json() as Promise<HealthResponse>) : Promise.reject(new Error(res.statusText)),
      )
      .then(setHealth)
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => controller.abort();
  }, []);

  return (
    <main className="shell">
      <h1>HAsync</h1>
      {error && <p role="alert">Could not reach the HAsync server: {error}</p>}
      {health && (
        <p>
          Version {health.version} · database {health.checks.database}
        </p>
      )}
    </main>
  );
}
