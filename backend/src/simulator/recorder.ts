import type { BusEvent } from "./bus.js";
import { haTime } from "./bus.js";
import type { StoredState } from "./compressed.js";
import { ulid } from "./random.js";
import type { HomeStore } from "./store.js";
import type { SimContext } from "./types.js";

/**
 * The demo HA's recorder: every state an entity had since start (its initial state, then each
 * change), in a bounded ring per entity, plus the contexts of call_service events, so history,
 * logbook and statistics can be answered like HA's `recorder` component answers them from its
 * database. Tests and benchmarks seed extra rows with `seed`.
 */

/** A recorded state; `first` marks the state an entity had when recording began (no old state). */
export interface RecordedRow {
  readonly stored: StoredState;
  readonly first: boolean;
}

/** What a context id first appeared on (HA's logbook `context_lookup`). */
export type ContextOrigin =
  | { kind: "state"; entityId: string; state: string; row: RecordedRow }
  | { kind: "call_service"; domain: string; service: string };

/** Rows kept per entity, at most; a big benchmark home keeps fewer each (MAX_ROWS in all). */
const DEFAULT_CAPACITY = 2000;
const MAX_ROWS = 200_000;
const MAX_CONTEXTS = 10_000;

export class Recorder {
  private readonly rows = new Map<string, RecordedRow[]>();
  private readonly contexts = new Map<string, ContextOrigin>();
  private readonly capacity = new Map<string, number>();
  private readonly defaultCapacity: number;

  constructor(private readonly store: HomeStore) {
    // A benchmark home of thousands of sensors changing hundreds of times a second must not grow
    // the demo HA without bound: the rows are shared out so the whole recorder stays bounded.
    this.defaultCapacity = Math.max(
      10,
      Math.min(DEFAULT_CAPACITY, Math.floor(MAX_ROWS / Math.max(1, store.stateCount))),
    );
    for (const stored of store.allStates()) this.push(stored.wire.entity_id, { stored, first: true });
    store.subscribe((event) => this.onEvent(event));
  }

  /** Rows of one entity, oldest first. */
  rowsOf(entityId: string): readonly RecordedRow[] {
    return this.rows.get(entityId) ?? [];
  }

  /** The current state machine's state (HA's `hass.states.get`). */
  current(entityId: string): StoredState | undefined {
    return this.store.getState(entityId);
  }

  /** Every entity with recorded rows. */
  entityIds(): IterableIterator<string> {
    return this.rows.keys();
  }

  contextOrigin(contextId: string): ContextOrigin | undefined {
    return this.contexts.get(contextId);
  }

  /**
   * Adds `count` synthetic state changes before the entity's oldest row, `stepMs` apart, the
   * states cycling through `states` (benchmarks push 50,000 history rows this way).
   */
  seed(entityId: string, count: number, options: { stepMs?: number; states?: string[] } = {}): void {
    const existing = this.rows.get(entityId) ?? [];
    const step = options.stepMs ?? 1000;
    const cycle = options.states ?? ["on", "off"];
    const oldest = existing[0]?.stored.lu ?? Date.now() / 1000;
    const base = this.store.getState(entityId)?.wire ?? null;
    const added: RecordedRow[] = [];
    for (let i = count; i >= 1; i--) {
      const ms = oldest * 1000 - i * step;
      const iso = haTime(ms);
      const context: SimContext = { id: `seed${entityId}${i}`, parent_id: null, user_id: null };
      const wire = {
        entity_id: entityId,
        state: cycle[i % cycle.length] ?? "on",
        attributes: { ...(base?.attributes ?? {}) },
        last_changed: iso,
        last_reported: iso,
        last_updated: iso,
        context,
      };
      added.push({ stored: { wire, lc: ms / 1000, lu: ms / 1000 }, first: false });
    }
    this.capacity.set(entityId, Math.max(this.capacityOf(entityId), existing.length + count));
    this.rows.set(entityId, [...added, ...existing]);
  }

  /**
   * Sets states one after the other in one context, as an automation does when a sensor's change
   * switches a light: the later entries' logbook context names the first entity.
   */
  setTogether(
    changes: ReadonlyArray<readonly [entityId: string, state: string]>,
    userId: string | null = null,
  ): void {
    const context: SimContext = { id: ulid(), parent_id: null, user_id: userId };
    for (const [entityId, state] of changes) {
      this.store.setState(entityId, state, this.store.getState(entityId)?.wire.attributes ?? {}, context);
    }
  }

  private capacityOf(entityId: string): number {
    return this.capacity.get(entityId) ?? this.defaultCapacity;
  }

  private onEvent(event: BusEvent): void {
    if (event.eventType === "call_service") {
      const { domain, service } = event.data as { domain: string; service: string };
      this.remember(event.context.id, { kind: "call_service", domain, service });
      return;
    }
    const after = event.change?.after;
    if (event.eventType !== "state_changed" || !after) return;
    this.push(after.wire.entity_id, { stored: after, first: event.change?.before === null });
  }

  private push(entityId: string, row: RecordedRow): void {
    let list = this.rows.get(entityId);
    if (list === undefined) {
      list = [];
      this.rows.set(entityId, list);
    }
    list.push(row);
    if (list.length > this.capacityOf(entityId)) list.shift();
    const { wire } = row.stored;
    this.remember(wire.context.id, { kind: "state", entityId, state: wire.state, row });
  }

  private remember(contextId: string, origin: ContextOrigin): void {
    if (this.contexts.has(contextId)) return;
    this.contexts.set(contextId, origin);
    if (this.contexts.size > MAX_CONTEXTS) {
      const oldest = this.contexts.keys().next().value;
      if (oldest !== undefined) this.contexts.delete(oldest);
    }
  }
}

const recorders = new WeakMap<HomeStore, Recorder>();

/** The recorder of a home, started with it (server.ts) so it sees every change from the start. */
export function recorderOf(store: HomeStore): Recorder {
  let recorder = recorders.get(store);
  if (recorder === undefined) {
    recorder = new Recorder(store);
    recorders.set(store, recorder);
  }
  return recorder;
}
