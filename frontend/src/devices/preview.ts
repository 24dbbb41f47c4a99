import type { AdminEvent, PreviewEntity } from "hasync";

export type PreviewChange = Extract<AdminEvent, { type: "preview" }>["changes"][number];

/**
 * Applies live `preview` changes to the list a device sees: a null state means the entity left
 * the device's view; an unknown entity with a state joined it. Returns a new list sorted by name.
 */
export function applyPreviewChanges(entities: PreviewEntity[], changes: PreviewChange[], now: string) {
  const byId = new Map(entities.map((e) => [e.entity_id, e]));
  for (const change of changes) {
    const current = byId.get(change.entity_id);
    if (change.state === null) {
      byId.delete(change.entity_id);
      continue;
    }
    const attributes = change.attributes ?? current?.attributes ?? {};
    const friendly = attributes.friendly_name;
    byId.set(change.entity_id, {
      entity_id: change.entity_id,
      name: current?.name ?? (typeof friendly === "string" ? friendly : change.entity_id),
      area_id: current?.area_id ?? null,
      state: change.state,
      attributes,
      last_changed: current && current.state === change.state ? current.last_changed : now,
    });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** A state with its unit, as Home Assistant shows it: "21.5 °C". */
export function stateInWords(e: Pick<PreviewEntity, "state" | "attributes">): string {
  const unit = e.attributes.unit_of_measurement;
  return typeof unit === "string" && unit !== "" ? `${e.state} ${unit}` : e.state;
}
