import { entitiesPayload, type StoredState, stateJson } from "./compressed.js";
import type { SimContext } from "./types.js";

/** HA's isoformat: microseconds and an explicit UTC offset, e.g. 2026-11-03T10:00:00.123000+00:00. */
export function haTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, -1)}000+00:00`;
}

/**
 * One event on the demo HA's bus. Its JSON is built once, on first use, and shared by every
 * subscriber on every connection: at a thousand changes a second that is the difference between
 * one serialisation per change and one per change per subscriber.
 */
export class BusEvent {
  private json?: string;
  private compressed?: string;

  constructor(
    readonly eventType: string,
    readonly data: Record<string, unknown>,
    readonly context: SimContext,
    readonly timeFired: string,
    /** Set for state_changed: the states before and after (null = did not exist / removed). */
    readonly change?: { entityId: string; before: StoredState | null; after: StoredState | null },
    /** HA's `EventOrigin`: REMOTE for events a client fired (core `mobile_app/webhook.py` fire_event). */
    readonly origin: "LOCAL" | "REMOTE" = "LOCAL",
  ) {}

  /** The `event` object of `{"id","type":"event","event":...}`. */
  eventJson(): string {
    this.json ??= this.build();
    return this.json;
  }

  /** For state_changed only: the subscribe_entities payload (a/c/r). */
  entitiesJson(): string | undefined {
    if (!this.change) return undefined;
    const { entityId, before, after } = this.change;
    this.compressed ??= entitiesPayload(entityId, before, after);
    return this.compressed;
  }

  private build(): string {
    const tail = `"origin":"${this.origin}","time_fired":${JSON.stringify(this.timeFired)},"context":${JSON.stringify(this.context)}}`;
    if (!this.change) {
      return `{"event_type":${JSON.stringify(this.eventType)},"data":${JSON.stringify(this.data)},${tail}`;
    }
    const { entityId, before, after } = this.change;
    const oldJson = before ? stateJson(before) : "null";
    const newJson = after ? stateJson(after) : "null";
    const data = `{"entity_id":${JSON.stringify(entityId)},"old_state":${oldJson},"new_state":${newJson}}`;
    return `{"event_type":"state_changed","data":${data},${tail}`;
  }
}

export type BusListener = (event: BusEvent) => void;
