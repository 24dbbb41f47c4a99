import type { DeviceAccess } from "../devices/types.js";
import type { CallServiceRequest, HaContext, HaMirror, StateChange } from "../ha/types.js";
import { deviceUserId } from "../identity/current-user.js";

/**
 * Whose user id a device may see in a context. HA puts the calling user's id in every context it
 * creates (homeassistant/core.py `Context`; websocket_api/connection.py `context(msg)` is
 * `Context(user_id=self.user.id)`), and states and events carry it on. Through HAsync that id names
 * either a Home Assistant user (someone in HA's own UI, an automation's trigger) or HAsync's own HA
 * user (every call a device makes reaches HA as HAsync). The rule, the logbook's
 * (`history/logbook-cut.ts` `context_user_id`, components/logbook `context_user_id`):
 * - a context a device's own call created carries that device's user id (what `auth/current_user`
 *   gives it), for that device; every other device sees `null`, since HAsync's HA user is not who
 *   acted;
 * - any other user id is kept only when a person entity in the device's scope has that `user_id`
 *   attribute (the device could already tell who it is), `null` otherwise.
 */

/**
 * Calls remembered: a call's context reaches HAsync in the states it changed, while the call runs
 * (before HA answers) or within seconds (transitions, polled integrations). A state keeps its
 * context until its next change, so get_states hours later may still carry it; by then the device
 * sees `null` for its own change, which names nobody. Bounded by count (across devices; each
 * device's rate limit bounds its share) and by age, so memory stays flat however long HAsync runs.
 */
const MAX_CALLS = 4096;
const CALL_MEMORY_MS = 10 * 60_000;

interface Owner {
  deviceId: string;
  at: number;
}

interface Pending {
  deviceId: string;
  /** The in-scope entity ids the rewritten call targets (none for scripts, notify…). */
  entities: ReadonlySet<string>;
}

function targetIds(request: CallServiceRequest): ReadonlySet<string> {
  const ids = request.target?.entity_id;
  if (ids === undefined) return new Set();
  return new Set(typeof ids === "string" ? [ids] : ids);
}

/** One per gateway: the calls in flight, the contexts they created, and HA's persons by user. */
export class DeviceContexts {
  private readonly owners = new Map<string, Owner>();
  private readonly pending = new Set<Pending>();
  /** HAsync's own HA user, learned from the first answered call (the context HA made for it). */
  private haUser: string | null = null;
  /** user id → person entities with that `user_id` (few: one per household member). */
  private persons: Map<string, Set<string>> | null = null;

  constructor(
    private readonly mirror: Pick<HaMirror, "allStates" | "getState">,
    private readonly now: () => number,
  ) {}

  /** A device's call is about to reach HA; `done` with HA's answer (or nothing, on an error). */
  begin(deviceId: string, request: CallServiceRequest): (answer?: unknown) => void {
    const call: Pending = { deviceId, entities: targetIds(request) };
    this.pending.add(call);
    return (answer) => {
      this.pending.delete(call);
      const context = (answer as { context?: Partial<HaContext> } | null | undefined)?.context;
      if (typeof context?.id !== "string") return;
      if (typeof context.user_id === "string") this.haUser = context.user_id;
      this.remember(context.id, deviceId);
    };
  }

  /**
   * A mirror batch, before it is fanned out: keeps the person index current, and gives a context
   * first seen while device calls are in flight to the one device whose call it can be (HA sends
   * the changed states before its answer, so the answer comes too late for them).
   */
  observe(changes: readonly StateChange[]): void {
    for (const { entityId, newState } of changes) {
      if (entityId.startsWith("person.")) this.indexPerson(entityId, newState?.attributes.user_id);
      const context = newState?.context;
      if (context === undefined || context.user_id === null || this.pending.size === 0) continue;
      if (this.owners.has(context.id) || (this.haUser !== null && context.user_id !== this.haUser)) continue;
      const owner = this.caller(entityId);
      if (owner !== undefined) this.remember(context.id, owner);
    }
  }

  /** The context as `deviceId` (whose resolved scope is `visible`) may see it; the same object if unchanged. */
  cut(context: HaContext, deviceId: string | undefined, visible: ReadonlySet<string>): HaContext {
    const user = context.user_id;
    if (user === null) return context;
    const owner = this.ownerOf(context);
    if (owner !== undefined || user === this.haUser) {
      return owner === deviceId && deviceId !== undefined
        ? { ...context, user_id: deviceUserId(deviceId) }
        : anonymous(context);
    }
    return this.personVisible(user, visible) ? context : anonymous(context);
  }

  /** The device a context belongs to: its own call's, or a child of it (a script's steps). */
  private ownerOf(context: HaContext): string | undefined {
    const own =
      this.owners.get(context.id) ??
      (context.parent_id === null ? undefined : this.owners.get(context.parent_id));
    if (own === undefined) return undefined;
    return this.now() - own.at <= CALL_MEMORY_MS ? own.deviceId : undefined;
  }

  /** The one device whose pending call targets the entity, else the one device with calls pending. */
  private caller(entityId: string): string | undefined {
    const targeting = [...this.pending].filter((call) => call.entities.has(entityId));
    const devices = new Set(
      (targeting.length > 0 ? targeting : [...this.pending]).map((call) => call.deviceId),
    );
    return devices.size === 1 ? [...devices][0] : undefined;
  }

  private remember(contextId: string, deviceId: string): void {
    const at = this.now();
    this.owners.delete(contextId);
    this.owners.set(contextId, { deviceId, at });
    // Insertion order is age order: drop from the oldest end.
    for (const [id, owner] of this.owners) {
      if (this.owners.size <= MAX_CALLS && at - owner.at <= CALL_MEMORY_MS) break;
      this.owners.delete(id);
    }
  }

  private personVisible(userId: string, visible: ReadonlySet<string>): boolean {
    const persons = this.personIndex().get(userId);
    if (persons === undefined) return false;
    for (const entityId of persons) if (visible.has(entityId)) return true;
    return false;
  }

  /** Built once from the mirror, then kept by `observe`: no scan of a scope per state. */
  private personIndex(): Map<string, Set<string>> {
    if (this.persons === null) {
      this.persons = new Map();
      for (const state of this.mirror.allStates()) {
        if (state.entity_id.startsWith("person."))
          this.indexPerson(state.entity_id, state.attributes.user_id);
      }
    }
    return this.persons;
  }

  private indexPerson(entityId: string, userId: unknown): void {
    if (this.persons === null) return;
    for (const [user, entities] of this.persons) {
      if (user === userId || !entities.delete(entityId)) continue;
      if (entities.size === 0) this.persons.delete(user);
    }
    if (typeof userId !== "string") return;
    let entities = this.persons.get(userId);
    if (entities === undefined) {
      entities = new Set();
      this.persons.set(userId, entities);
    }
    entities.add(entityId);
  }
}

/** Shared nulled copies: every device that may not see a context's user gets the same object. */
const anonymousCopies = new WeakMap<HaContext, HaContext>();
function anonymous(context: HaContext): HaContext {
  let copy = anonymousCopies.get(context);
  if (copy === undefined) {
    copy = { ...context, user_id: null };
    anonymousCopies.set(context, copy);
  }
  return copy;
}

/**
 * Which device a scope set is, and whose contexts: registered by `contextScopes` for every set
 * the gateway's device access hands out (as `cameras/scopes.ts` does for camera pictures), so
 * `scopedState` can cut a context knowing only the set. A set nobody registered sees no user ids.
 */
interface ScopeContexts {
  readonly deviceId: string;
  readonly contexts: DeviceContexts;
}
const scopes = new WeakMap<ReadonlySet<string>, ScopeContexts>();

/** The context as the device whose scope is `visible` may see it. */
export function contextFor(context: HaContext, visible: ReadonlySet<string>): HaContext {
  if (context.user_id === null) return context;
  const viewer = scopes.get(visible);
  return viewer === undefined ? anonymous(context) : viewer.contexts.cut(context, viewer.deviceId, visible);
}

/** `access` with every scope set it returns registered as its device's (a proxy, as `cameraScopes`). */
export function contextScopes(access: DeviceAccess, contexts: DeviceContexts): DeviceAccess {
  const entitiesOf = (deviceId: string): ReadonlySet<string> => {
    const visible = access.entitiesOf(deviceId);
    const known = scopes.get(visible);
    if (known?.deviceId !== deviceId || known.contexts !== contexts)
      scopes.set(visible, { deviceId, contexts });
    return visible;
  };
  return new Proxy(access, {
    get(target, property, receiver) {
      if (property === "entitiesOf") return entitiesOf;
      return Reflect.get(target, property, receiver);
    },
  });
}
