import type { Logger } from "../log/logger.js";
import { applyDiff, asEntitiesEvent, type EntitiesEvent, expandState, stateDiffers } from "./compressed.js";
import { Emitter } from "./emitter.js";
import { EMPTY_REGISTRIES, type Registries, RegistryIndex } from "./registry-index.js";
import type { HaConfig, HaMirrorEvents, HaServices, HaState, StateChange } from "./types.js";

type Watcher = (change: StateChange) => void;

/**
 * The mirror's data and its fan-out, with no networking: the link feeds it HA's messages, it keeps
 * states and registries and tells consumers what changed. States are applied at once (reads are
 * always current); notifications go out in batches, one per chunk read from the socket.
 */
export class MirrorStore {
  readonly events: Emitter<HaMirrorEvents>;
  private readonly states = new Map<string, HaState>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private index = new RegistryIndex(EMPTY_REGISTRIES, []);
  private pending: StateChange[] = [];
  private awaitingSnapshot = true;
  config: HaConfig | null = null;
  services: HaServices = {};

  constructor(private readonly log: Logger) {
    this.events = new Emitter((event, error) => log.error("mirror listener failed", { event, error }));
  }

  get registries(): RegistryIndex {
    return this.index;
  }

  get stateCount(): number {
    return this.states.size;
  }

  getState(entityId: string): HaState | undefined {
    return this.states.get(entityId);
  }

  allStates(): Iterable<HaState> {
    return this.states.values();
  }

  watchEntity(entityId: string, listener: Watcher): () => void {
    let set = this.watchers.get(entityId);
    if (set === undefined) {
      set = new Set();
      this.watchers.set(entityId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.watchers.get(entityId) === set) this.watchers.delete(entityId);
    };
  }

  /** The next `a` message replaces everything: it is the snapshot after a (re)subscribe. */
  expectSnapshot(): void {
    this.awaitingSnapshot = true;
  }

  /** Applies one `subscribe_entities` event; returns true when it was the full snapshot. */
  applyEntitiesEvent(raw: unknown): boolean {
    const event = asEntitiesEvent(raw);
    if (event === null) {
      this.log.warn("skipped a malformed entities event from Home Assistant");
      return false;
    }
    const snapshot = this.awaitingSnapshot && event.a !== undefined;
    if (snapshot) {
      this.awaitingSnapshot = false;
      this.replaceAll(event.a ?? {});
    } else if (event.a !== undefined) {
      this.upsert(event.a);
    }
    if (event.c !== undefined) this.applyDiffs(event.c);
    if (event.r !== undefined) for (const id of event.r) this.remove(id);
    return snapshot;
  }

  /** Swaps in freshly fetched registries; emits `registries` when anything in them changed. */
  applyRegistries(data: Registries): void {
    const previous = this.index;
    this.index = new RegistryIndex(data, this.states.keys());
    const moved = this.index.movesSince(previous);
    if (moved.length === 0 && JSON.stringify(data) === JSON.stringify(previous.data)) return;
    this.flush();
    this.events.emit("registries", { moved });
  }

  private replaceAll(snapshot: NonNullable<EntitiesEvent["a"]>): void {
    const seen = new Set<string>();
    for (const [entityId, compressed] of Object.entries(snapshot)) {
      const state = expandState(entityId, compressed);
      if (state === null) {
        this.log.warn("skipped a malformed state from Home Assistant", { entity_id: entityId });
        continue;
      }
      seen.add(entityId);
      const old = this.states.get(entityId);
      if (old === undefined || stateDiffers(old, state)) this.put(entityId, old ?? null, state);
    }
    for (const entityId of [...this.states.keys()]) if (!seen.has(entityId)) this.remove(entityId);
  }

  private upsert(added: NonNullable<EntitiesEvent["a"]>): void {
    for (const [entityId, compressed] of Object.entries(added)) {
      const state = expandState(entityId, compressed);
      if (state === null) {
        this.log.warn("skipped a malformed state from Home Assistant", { entity_id: entityId });
        continue;
      }
      this.put(entityId, this.states.get(entityId) ?? null, state);
    }
  }

  private applyDiffs(diffs: NonNullable<EntitiesEvent["c"]>): void {
    for (const entityId in diffs) {
      const old = this.states.get(entityId);
      const next = old === undefined ? null : applyDiff(old, diffs[entityId]);
      if (next === null) {
        this.log.debug("skipped a change HAsync cannot apply", { entity_id: entityId });
        continue;
      }
      this.put(entityId, old ?? null, next);
    }
  }

  private put(entityId: string, oldState: HaState | null, newState: HaState): void {
    this.states.set(entityId, newState);
    if (oldState === null) this.index.stateAdded(entityId);
    this.queue({ entityId, oldState, newState });
  }

  private remove(entityId: string): void {
    const oldState = this.states.get(entityId);
    if (oldState === undefined) return;
    this.states.delete(entityId);
    this.index.stateRemoved(entityId);
    this.queue({ entityId, oldState, newState: null });
  }

  private queue(change: StateChange): void {
    if (this.pending.length === 0) queueMicrotask(() => this.flush());
    this.pending.push(change);
  }

  /** Delivers queued changes: each to its entity's watchers (an index lookup), then the batch. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    for (const change of batch) {
      const set = this.watchers.get(change.entityId);
      if (set === undefined) continue;
      for (const watcher of set) {
        try {
          watcher(change);
        } catch (error) {
          this.log.error("entity watcher failed", { entity_id: change.entityId, error });
        }
      }
    }
    this.events.emit("states", batch);
  }
}
