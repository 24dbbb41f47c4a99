import type { ScopeChange } from "../devices/types.js";
import type { HaContext, HaState, StateChange } from "../ha/types.js";
import type { KnownEntities } from "./entity-references.js";
import { eventJson } from "./messages.js";
import type { Subscription } from "./room.js";
import { compressState, diffStates, scopedState, stateJson, variesByDevice } from "./wire-states.js";

/** Where a subscription's frames go: its device connection's bounded send queue. */
export interface Outlet {
  send(json: string): void;
}

/** The entity index a state subscription lives in (the gateway's `FanOut`). */
export interface StateIndex {
  remove(sub: DeviceSubscription): void;
  scopeChanged(sub: DeviceSubscription, added: readonly string[], removed: readonly string[]): void;
}

const isoNow = (now: () => number) => new Date(now()).toISOString();

function stateChangedJson(
  entityId: string,
  oldState: HaState | null,
  newState: HaState | null,
  timeFired: string,
  context: HaContext,
): string {
  const data = `{"entity_id":${JSON.stringify(entityId)},"old_state":${oldState ? stateJson(oldState) : "null"},"new_state":${newState ? stateJson(newState) : "null"}}`;
  return `{"event_type":"state_changed","data":${data},"origin":"LOCAL","time_fired":${JSON.stringify(timeFired)},"context":${JSON.stringify(context)}}`;
}

const entitiesAdd = (state: HaState) =>
  `{"a":{${JSON.stringify(state.entity_id)}:${JSON.stringify(compressState(state))}}}`;
const entitiesRemove = (entityId: string) => `{"r":[${JSON.stringify(entityId)}]}`;

/**
 * One mirror change, serialised at most once per form however many subscriptions want it:
 * fan-out then costs a string concatenation per subscriber, not a JSON.stringify.
 */
export class ChangePayload {
  private add?: string;
  private diff?: string;
  private remove?: string;
  private event?: string;

  constructor(
    readonly change: StateChange,
    /** The mirror, asked whether an id in an attribute names an entity HA has. */
    private readonly known: KnownEntities,
  ) {}

  /**
   * The payload as one device may see it. Only states whose attributes name entities outside its
   * scope (groups, scenes, min_max sensors) and cameras (a picture URL signed for the device)
   * differ per device; everything else shares this one.
   */
  scoped(scope: () => ReadonlySet<string>): ChangePayload {
    const { entityId, oldState, newState } = this.change;
    const varies =
      (oldState !== null && variesByDevice(oldState)) || (newState !== null && variesByDevice(newState));
    if (!varies) return this;
    const visible = scope();
    const was = oldState && scopedState(oldState, visible, this.known);
    const now = newState && scopedState(newState, visible, this.known);
    if (was === oldState && now === newState) return this;
    return new ChangePayload({ entityId, oldState: was, newState: now }, this.known);
  }

  get entitiesAdd(): string {
    if (this.change.newState === null) throw new Error("no new state to add");
    this.add ??= entitiesAdd(this.change.newState);
    return this.add;
  }

  get entitiesDiff(): string {
    const { entityId, oldState, newState } = this.change;
    if (oldState === null || newState === null) throw new Error("a diff needs both states");
    this.diff ??= `{"c":{${JSON.stringify(entityId)}:${JSON.stringify(diffStates(oldState, newState))}}}`;
    return this.diff;
  }

  get entitiesRemove(): string {
    this.remove ??= entitiesRemove(this.change.entityId);
    return this.remove;
  }

  /** HA fires state_changed with the new state's last_updated and context (the old ones on removal). */
  get stateChanged(): string {
    const { entityId, oldState, newState } = this.change;
    const basis = newState ?? oldState;
    if (basis === null) throw new Error("a change without states");
    this.event ??= stateChangedJson(entityId, oldState, newState, basis.last_updated, basis.context);
    return this.event;
  }
}

/**
 * A device's live subscription. `indexed` holds the entity ids the fan-out index lists it under
 * (visible ∩ its own filter); `known` the ones whose state the device currently holds, so entering
 * and leaving the scope is told exactly once and diffs are only sent against a state it has.
 */
export abstract class DeviceSubscription implements Subscription {
  readonly indexed = new Set<string>();
  protected readonly known = new Set<string>();
  /** Set by the fan-out when it indexes this subscription. */
  index: StateIndex | null = null;

  constructor(
    readonly id: number,
    protected readonly outlet: Outlet,
    /** The device's live resolved scope. */
    protected readonly scope: () => ReadonlySet<string>,
    private readonly filter: ReadonlySet<string> | null,
  ) {}

  /** The device's resolved scope as it is now. */
  visible(): ReadonlySet<string> {
    return this.scope();
  }

  stop(): void {
    this.index?.remove(this);
  }

  scopeChanged(change: ScopeChange): void {
    this.index?.scopeChanged(this, change.added, change.removed);
  }

  wants(entityId: string): boolean {
    return this.filter === null || this.filter.has(entityId);
  }

  protected emit(payload: string): void {
    this.outlet.send(eventJson(this.id, payload));
  }

  /** A mirror change of an entity this subscription is indexed under. */
  abstract change(payload: ChangePayload): void;
  /** The entity entered the device's scope (or was subscribed to); `state` is cut to the scope. */
  abstract enter(state: HaState): void;
  /**
   * The entity left the device's scope; `state` is its current state cut to the scope as it is
   * now, if it still has one.
   */
  abstract leave(entityId: string, state: HaState | undefined): void;

  /**
   * Entities that a state the device holds names came into or left its scope: send it again as
   * cut to the scope now (`now`), against the copy the device was given before (`was`).
   */
  refilter(was: HaState, now: HaState): void {
    if (this.known.has(now.entity_id)) this.resend(was, now);
  }

  protected abstract resend(was: HaState, now: HaState): void;
}

/** `subscribe_entities`: HA's compressed a/c/r events; the first event lists every wanted state. */
export class EntitiesSubscription extends DeviceSubscription {
  /** The initial `{"a":{...}}` event HA sends right after the result; `states` are already scoped. */
  snapshot(states: readonly HaState[]): void {
    const parts: string[] = [];
    for (const state of states) {
      this.known.add(state.entity_id);
      parts.push(`${JSON.stringify(state.entity_id)}:${JSON.stringify(compressState(state))}`);
    }
    this.emit(`{"a":{${parts.join(",")}}}`);
  }

  change(shared: ChangePayload): void {
    const { entityId, oldState, newState } = shared.change;
    if (newState === null) {
      if (this.known.delete(entityId)) this.emit(shared.entitiesRemove);
      return;
    }
    const payload = shared.scoped(this.scope);
    if (this.known.has(entityId) && oldState !== null) {
      this.emit(payload.entitiesDiff);
      return;
    }
    this.known.add(entityId);
    this.emit(payload.entitiesAdd);
  }

  enter(state: HaState): void {
    if (this.known.has(state.entity_id)) return;
    this.known.add(state.entity_id);
    this.emit(entitiesAdd(state));
  }

  leave(entityId: string): void {
    if (this.known.delete(entityId)) this.emit(entitiesRemove(entityId));
  }

  protected resend(was: HaState, now: HaState): void {
    this.emit(`{"c":{${JSON.stringify(now.entity_id)}:${JSON.stringify(diffStates(was, now))}}}`);
  }
}

/**
 * `subscribe_events` for `state_changed`. HA has no "entered scope" event, so scope changes are
 * told the way HA tells an entity appearing or disappearing: a state_changed with
 * `old_state: null` (entered) or `new_state: null` (left). A client that keeps states from these
 * events (home-assistant-js-websocket's legacy collection does) stays exactly in step.
 */
export class StateChangedSubscription extends DeviceSubscription {
  constructor(
    id: number,
    outlet: Outlet,
    scope: () => ReadonlySet<string>,
    private readonly now: () => number,
  ) {
    super(id, outlet, scope, null);
  }

  /** The device fetched these with get_states; it holds them from the start. */
  assumeKnown(states: readonly HaState[]): void {
    for (const state of states) this.known.add(state.entity_id);
  }

  change(shared: ChangePayload): void {
    const { entityId, newState } = shared.change;
    if (newState === null) this.known.delete(entityId);
    else this.known.add(entityId);
    this.emit(shared.scoped(this.scope).stateChanged);
  }

  enter(state: HaState): void {
    if (this.known.has(state.entity_id)) return;
    this.known.add(state.entity_id);
    this.emit(stateChangedJson(state.entity_id, null, state, isoNow(this.now), state.context));
  }

  /** The old state is cut to the scope as it is now, without the entity that just left. */
  leave(entityId: string, state: HaState | undefined): void {
    if (!this.known.delete(entityId) || state === undefined) return;
    this.emit(stateChangedJson(entityId, state, null, isoNow(this.now), state.context));
  }

  protected resend(was: HaState, now: HaState): void {
    this.emit(stateChangedJson(now.entity_id, was, now, isoNow(this.now), now.context));
  }
}
