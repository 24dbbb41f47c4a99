import type { EntityAccess } from "hasync";
import type { DevicesService } from "../devices/service.js";
import type { HaMirror, HaState } from "../ha/types.js";

/** What an agent may do with an entity it can see (hidden entities are absent, never listed). */
export type AgentAccess = Exclude<EntityAccess, "hidden">;

/** The access words the tools use, for a language model to read. */
export const MAY: Record<AgentAccess, string> = {
  read: "read only",
  control: "control",
  confirm: "control after the admin confirms",
};

/**
 * One agent's view of the house, read fresh for each tool call (a scope edit shows in the next
 * call): the entities it may see and what it may do with each. Hidden means absent: an id the
 * agent may not see gets the same answer as an id Home Assistant does not have.
 */
export interface AgentScope {
  deviceId: string;
  visible: ReadonlySet<string>;
  /** null when the entity is not in the scope (or hidden, or unknown). */
  access(entityId: string): AgentAccess | null;
  /** The entity's state when the agent may see it. */
  state(entityId: string): HaState | undefined;
}

export function agentScope(devices: DevicesService, mirror: HaMirror, deviceId: string): AgentScope {
  const visible = devices.entitiesOf(deviceId);
  // The scope engine's own answer (devices/access.ts), as the gateway decides calls by it.
  const access = (entityId: string): AgentAccess | null => {
    const found = devices.accessOf(deviceId, entityId);
    return found === null || found === "hidden" ? null : found;
  };
  return {
    deviceId,
    visible,
    access,
    state: (entityId) => (access(entityId) === null ? undefined : mirror.getState(entityId)),
  };
}

/** True when the agent may change something (so `call_service` is listed). */
export function mayControlAny(scope: AgentScope): boolean {
  for (const id of scope.visible) {
    const access = scope.access(id);
    if (access === "control" || access === "confirm") return true;
  }
  return false;
}
