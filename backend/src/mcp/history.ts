import type { DevicesService } from "../devices/service.js";
import type { HaForwarder, HaMirror } from "../ha/types.js";
import { cutCompressedStates } from "../history/cut.js";
import { inScope, validEntityId, viewerFor } from "../history/viewer.js";
import { unitOf } from "./overview.js";

/** Entities one `get_history` call may ask for: an answer a language model can still read. */
export const MAX_HISTORY_ENTITIES = 20;
/** The longest period one call covers. */
export const MAX_HISTORY_DAYS = 7;
/** Recorded changes returned in all; beyond it each entity keeps its latest share. */
export const MAX_HISTORY_ROWS = 1000;
const DAY_MS = 86_400_000;

/** A request the tool answers with words instead of a history. */
export class HistoryRequestInvalid extends Error {}

export interface HistoryAsk {
  entity_ids: string[];
  start?: string | undefined;
  end?: string | undefined;
}

export interface HistoryDeps {
  devices: DevicesService;
  mirror: HaMirror;
  ha: HaForwarder;
  now: () => number;
}

function period(ask: HistoryAsk, now: number): { start: number; end: number } {
  const end = ask.end === undefined ? now : Date.parse(ask.end);
  const start = ask.start === undefined ? end - DAY_MS : Date.parse(ask.start);
  if (Number.isNaN(start) || Number.isNaN(end))
    throw new HistoryRequestInvalid("start and end must be ISO 8601 times, e.g. 2025-01-31T18:00:00Z.");
  if (end <= start) throw new HistoryRequestInvalid("end must be after start.");
  if (end - start > MAX_HISTORY_DAYS * DAY_MS)
    throw new HistoryRequestInvalid(`The period may span at most ${MAX_HISTORY_DAYS} days.`);
  return { start, end };
}

type Row = { state: string; at: string };

/** HA's compressed rows (`s`, `lu` in float seconds) as states with ISO times; the latest `keep`. */

function rowsOf(rows: Record<string, unknown>[], unit: string, keep: number): Row[] {
  const out = rows.map((row) => ({
    state: unit === "" ? String(row.s) : `${String(row.s)} ${unit}`,
    at: new Date(Number(row.lu ?? row.lc) * 1000).toISOString(),
  }));
  return out.slice(Math.max(0, out.length - keep));
}

/**
 * Recorded states of in-scope entities over a bounded period, through the history room's own
 * cut (history/cut.ts `cutCompressedStates`, history/viewer.ts): ids outside the scope are
 * dropped exactly as unknown ones (HA answers those with nothing), and only in-scope ids are ever
 * forwarded to HA (`history/history_during_period`, history/websocket_api.py).
 */
export async function historyOf(deps: HistoryDeps, deviceId: string, ask: HistoryAsk) {
  if (ask.entity_ids.length > MAX_HISTORY_ENTITIES)
    throw new HistoryRequestInvalid(`Ask for at most ${MAX_HISTORY_ENTITIES} entities at once.`);
  const { start, end } = period(ask, deps.now());
  const visible = deps.devices.entitiesOf(deviceId);
  const ids = inScope(ask.entity_ids.filter(validEntityId), visible);
  const found: Record<string, Row[]> = {};
  if (ids.length > 0) {
    const answer = await deps.ha.command({
      type: "history/history_during_period",
      start_time: new Date(start).toISOString(),
      end_time: new Date(end).toISOString(),
      entity_ids: ids,
      minimal_response: true,
      no_attributes: true,
      significant_changes_only: true,
    });
    const cut = cutCompressedStates(answer, new Set(ids), viewerFor(deps.mirror, deps.devices, deviceId));
    const keep = Math.floor(MAX_HISTORY_ROWS / ids.length);
    for (const id of ids) found[id] = rowsOf(cut[id] ?? [], unitOf(deps.mirror.getState(id)), keep);
  }
  const missing = ask.entity_ids.filter((id) => !ids.includes(id));
  return {
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    history: found,
    ...(missing.length > 0 ? { not_found: missing } : {}),
  };
}
