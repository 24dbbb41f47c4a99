import type { Entity } from "./types.js";

/** A state as subscribe_entities gives it, for the model's tests. */
export function entity(entityId: string, state: string, attributes: Record<string, unknown> = {}): Entity {
  return {
    entity_id: entityId,
    state,
    attributes,
    last_changed: "2026-12-01T10:00:00+00:00",
    last_updated: "2026-12-01T10:00:00+00:00",
    context: { id: "c", user_id: null, parent_id: null },
  };
}
