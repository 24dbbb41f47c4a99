import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Backend, type BackendOptions, startBackend } from "./backend.js";
import { repoRoot } from "./paths.js";

/** What the screen tests use of the built simulator (`backend/src/simulator/server.ts`). */
export interface DemoHa {
  readonly url: string;
  readonly token: string;
  readonly serviceCalls: ReadonlyArray<{
    domain: string;
    service: string;
    service_data: Record<string, unknown>;
  }>;
  start(): Promise<void>;
  stop(): Promise<void>;
  setState(entityId: string, state: string, attributes?: Record<string, unknown>): void;
  /** While false, new connections are cut before they get an answer (Home Assistant restarting). */
  setAvailable(up: boolean): void;
  dropConnections(): void;
}

interface SimulatorModule {
  DemoHomeAssistant: new (options?: { seed?: number; driftIntervalMs?: number }) => DemoHa;
}

/**
 * The demo Home Assistant in the test's own process, from the built backend, so a test can read
 * what reached "Home Assistant" (its states, its call log) rather than what HAsync says about it.
 * Imported by path at run time: the frontend's typecheck must not depend on the backend's build.
 * No drift: the screens' states change only when a test changes them.
 */
export async function startDemoHa(): Promise<DemoHa> {
  const entry = pathToFileURL(path.join(repoRoot, "backend", "dist", "simulator", "index.js")).href;
  const { DemoHomeAssistant } = (await import(entry)) as SimulatorModule;
  const ha = new DemoHomeAssistant({ driftIntervalMs: 0 });
  await ha.start();
  return ha;
}

/** The real built HAsync pointed at `ha` (HASYNC_HA_URL/HASYNC_HA_TOKEN) with the admin password set. */
export function startBackendFor(
  ha: DemoHa,
  password: string,
  options: BackendOptions = {},
): Promise<Backend> {
  return startBackend(
    { HASYNC_ADMIN_PASSWORD: password, HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    options,
  );
}

/** An entity's state as Home Assistant itself holds it (its REST API, with its own token). */
export async function haState(ha: DemoHa, entityId: string): Promise<string> {
  const res = await fetch(`${ha.url}/api/states/${entityId}`, {
    headers: { Authorization: `Bearer ${ha.token}` },
  });
  if (!res.ok) throw new Error(`the demo HA answered ${res.status} for ${entityId}`);
  return ((await res.json()) as { state: string }).state;
}
