import type { CallServiceRequest, TargetSelection } from "../ha/types.js";

/** The scope does not allow a call; its message is the reason the device and the audit log get. */
export class CallRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "CallRefused";
  }
}

export const TARGET_KEYS = ["entity_id", "device_id", "area_id", "floor_id", "label_id"] as const;
type TargetKey = (typeof TARGET_KEYS)[number];

export const domainOf = (entityId: string): string => entityId.slice(0, entityId.indexOf("."));

/** A device-supplied id as a refusal quotes it: refusals are answered and audited, keep them short. */
export const shown = (id: string): string => (id.length > 80 ? `${id.slice(0, 79)}…` : id);

/** HA's `ENTITY_MATCH_NONE`: a target that matches nothing (`helpers/target.py _has_match`). */
const MATCH_NONE = "none";

/** What a call names: explicit entity ids, and the devices/areas/floors/labels HA expands. */
export interface CallTarget {
  entityIds: string[];
  selection: TargetSelection;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** HA accepts one id, a list, or a comma-separated string (`cv.comp_entity_ids`, `cv.ensure_list`). */
function idList(value: unknown): string[] {
  const raw = typeof value === "string" ? value.split(",") : value;
  if (!Array.isArray(raw) || !raw.every((v): v is string => typeof v === "string"))
    throw new CallRefused("targets must be ids or lists of ids");
  return raw.map((v) => v.trim()).filter((v) => v !== "" && v !== MATCH_NONE);
}

/**
 * The call's target as HA reads it: websocket_api `handle_call_service` merges `target` into the
 * service data, whose top-level target keys count too (REST sends only service data). Both are
 * read, so an id in either must pass. Entity ids are lowercased as `cv.entity_ids` does, so
 * `LIGHT.X` is `light.x`. Returns null when the call has no target at all.
 */
export function readTarget(request: CallServiceRequest): CallTarget | null {
  const lists: Record<TargetKey, string[]> = {
    entity_id: [],
    device_id: [],
    area_id: [],
    floor_id: [],
    label_id: [],
  };
  let given = false;
  for (const source of [request.service_data, request.target] as unknown[]) {
    if (source === undefined) continue;
    if (!isObject(source)) throw new CallRefused("target and service_data must be objects");
    for (const key of TARGET_KEYS) {
      if (source[key] === undefined) continue;
      given = true;
      lists[key].push(...idList(source[key]));
    }
  }
  if (!given) return null;
  const entityIds = [...new Set(lists.entity_id.map((id) => id.toLowerCase()))];
  if (entityIds.includes("all")) throw new CallRefused(`entity_id "all" is not allowed; name the entities`);
  return {
    entityIds,
    selection: {
      device_ids: lists.device_id,
      area_ids: lists.area_id,
      floor_ids: lists.floor_id,
      label_ids: lists.label_id,
    },
  };
}
