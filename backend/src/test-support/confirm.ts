import type { Confirmation, ConfirmationOutcome, Device, Scope } from "hasync";
import type { ConfirmationService } from "../confirm/service.js";
import { DemoHomeAssistant, type RecordedServiceCall } from "../simulator/index.js";
import { startTestServer, type TestServer } from "./harness.js";
import { adminFetch, pairDevice } from "./pairing.js";

export interface Resolution {
  id: string;
  outcome: ConfirmationOutcome;
  by: string | null;
}

/** What the confirmation service announced, in order, with waits for what is still to come. */
export class ConfirmEvents {
  readonly pending: Confirmation[] = [];
  readonly resolved: Resolution[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(service: ConfirmationService) {
    service.on("pending", (c) => this.push(() => this.pending.push(c)));
    service.on("resolved", (id, outcome, by) => this.push(() => this.resolved.push({ id, outcome, by })));
  }

  /** The `n`-th held call (1-based), once it is held. */
  nthPending(n: number): Promise<Confirmation> {
    return this.until(() => this.pending[n - 1]);
  }

  /** How the call `id` ended, once it has. */
  resolutionOf(id: string): Promise<Resolution> {
    return this.until(() => this.resolved.find((r) => r.id === id));
  }

  private push(add: () => void): void {
    add();
    for (const wake of [...this.waiters]) wake();
  }

  private until<T>(found: () => T | undefined): Promise<T> {
    const now = found();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const wake = () => {
        const value = found();
        if (value === undefined) return;
        this.waiters.delete(wake);
        resolve(value);
      };
      this.waiters.add(wake);
    });
  }
}

export interface ConfirmFixture {
  ha: DemoHomeAssistant;
  server: TestServer;
  confirmations: ConfirmationService;
  events: ConfirmEvents;
  pair(scope: Partial<Scope>, name?: string): Promise<{ token: string; device: Device }>;
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** The admin's decision through the admin API. */
  decide(id: string, decision: "allow" | "deny"): Promise<Response>;
  /** Calls the demo HA received for `domain.service`. */
  callsTo(service: string): RecordedServiceCall[];
  close(): Promise<void>;
}

/** HA's `call_service` message unlocking the demo home's front door (which waits for the admin). */
export const unlockMessage = (id: number) => ({
  id,
  type: "call_service",
  domain: "lock",
  service: "unlock",
  target: { entity_id: "lock.front_door" },
});

/** A control scope whose front door lock waits for the admin, beside a light that does not. */
export const LOCK_SCOPE: Partial<Scope> = {
  access: "control",
  entities: ["lock.front_door", "light.kitchen_spots"],
  entity_access: { "lock.front_door": "confirm", "light.kitchen_spots": "control" },
};

/** The composed HAsync (its own gateway, confirmations and admin API) against the demo HA. */
export async function startConfirmFixture(options: { deadlineMs?: number } = {}): Promise<ConfirmFixture> {
  const ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0 });
  await ha.start();
  const server = await startTestServer({
    env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    ha: { timings: { reconnectInitialMs: 20, reconnectMaxMs: 200, registryDebounceMs: 20 } },
    ...(options.deadlineMs !== undefined ? { confirm: { deadlineMs: options.deadlineMs } } : {}),
  });
  if (!(await server.hasync.ha.waitUntilSynced(5000)))
    throw new Error("HAsync did not sync with the demo HA");
  const confirmations = server.hasync.confirmations;
  const admin = (path: string, init?: RequestInit) => adminFetch(server.url, path, init);
  return {
    ha,
    server,
    confirmations,
    events: new ConfirmEvents(confirmations),
    pair: (scope, name) => pairDevice(server.url, scope, name),
    admin,
    decide: (id, decision) =>
      admin(`/confirmations/${id}`, { method: "POST", body: JSON.stringify({ decision }) }),
    callsTo: (service) => ha.serviceCalls.filter((c) => `${c.domain}.${c.service}` === service),
    async close() {
      await server.close();
      await ha.stop();
    },
  };
}
