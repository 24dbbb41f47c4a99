import type { HaMirror, StateChange } from "../ha/types.js";
import { ChangePayload, type DeviceSubscription, type StateIndex } from "./subscriptions.js";
import { referencesAny, scopedState } from "./wire-states.js";

/**
 * entity id → the subscriptions that want it. A mirror change costs one map lookup plus one
 * string concatenation per subscriber that wants that entity: never a pass over all sockets.
 */
export class FanOut implements StateIndex {
  private readonly index = new Map<string, Set<DeviceSubscription>>();

  constructor(private readonly mirror: HaMirror) {}

  /** Indexes `sub` under those of `entityIds` it wants (its own filter applied). */
  add(sub: DeviceSubscription, entityIds: Iterable<string>): void {
    sub.index = this;
    for (const entityId of entityIds) {
      if (!sub.wants(entityId) || sub.indexed.has(entityId)) continue;
      sub.indexed.add(entityId);
      let set = this.index.get(entityId);
      if (set === undefined) {
        set = new Set();
        this.index.set(entityId, set);
      }
      set.add(sub);
    }
  }

  /** Drops `sub` from the index (unsubscribe, socket closed). */
  remove(sub: DeviceSubscription): void {
    for (const entityId of sub.indexed) this.unindex(sub, entityId);
    sub.indexed.clear();
  }

  /** Entities entered or left the device's scope: tell the subscription, then re-index it. */
  scopeChanged(sub: DeviceSubscription, added: readonly string[], removed: readonly string[]): void {
    for (const entityId of removed) {
      if (!sub.indexed.delete(entityId)) continue;
      this.unindex(sub, entityId);
      const state = this.mirror.getState(entityId);
      sub.leave(entityId, state && scopedState(state, sub.visible(), this.mirror));
    }
    for (const entityId of added) {
      if (!sub.wants(entityId) || sub.indexed.has(entityId)) continue;
      this.add(sub, [entityId]);
      const state = this.mirror.getState(entityId);
      if (state !== undefined) sub.enter(scopedState(state, sub.visible(), this.mirror));
    }
    this.refilterReferences(sub, added, removed);
  }

  /** One mirror batch, in HA's order. */
  deliver(changes: readonly StateChange[]): void {
    for (const change of changes) {
      const subs = this.index.get(change.entityId);
      if (subs === undefined) continue;
      const payload = new ChangePayload(change, this.mirror);
      for (const sub of subs) sub.change(payload);
    }
  }

  /** Index entries, for tests and the benchmark: grows with subscriptions × wanted entities. */
  get size(): number {
    return this.index.size;
  }

  /**
   * States the device already holds name other entities as the scope allowed when they were sent
   * (a group's members, a min_max sensor's source): entities that just came or went change what
   * they show now, not at their next change.
   */
  private refilterReferences(sub: DeviceSubscription, added: readonly string[], removed: readonly string[]) {
    if (added.length === 0 && removed.length === 0) return;
    const moved = new Set([...added, ...removed]);
    let before: Set<string> | undefined;
    for (const entityId of sub.indexed) {
      // Entities that just entered were sent as cut to the new scope already.
      if (moved.has(entityId)) continue;
      const state = this.mirror.getState(entityId);
      if (state === undefined || !referencesAny(state, moved)) continue;
      before ??= previousScope(sub.visible(), added, removed);
      sub.refilter(scopedState(state, before, this.mirror), scopedState(state, sub.visible(), this.mirror));
    }
  }

  private unindex(sub: DeviceSubscription, entityId: string): void {
    const set = this.index.get(entityId);
    if (set === undefined) return;
    set.delete(sub);
    if (set.size === 0) this.index.delete(entityId);
  }
}

/** The scope before a change: `added` were not in it, `removed` were. */
function previousScope(now: ReadonlySet<string>, added: readonly string[], removed: readonly string[]) {
  const before = new Set(now);
  for (const id of added) before.delete(id);
  for (const id of removed) before.add(id);
  return before;
}
