import type { Recorder } from "./recorder.js";

/**
 * Long-term statistics of the demo home (recorder/statistics.py): every sensor with a
 * `state_class` has a statistic named by its entity id, compiled from the recorded rows on
 * demand; one external statistic (`demo:electricity_price`, not an entity) stands for those
 * integrations import, which name no entity.
 */

export const EXTERNAL_STATISTIC = {
  statistic_id: "demo:electricity_price",
  display_unit_of_measurement: "EUR/kWh",
  has_mean: true,
  mean_type: 1,
  has_sum: false,
  name: "Electricity price",
  source: "demo",
  statistics_unit_of_measurement: "EUR/kWh",
  unit_class: null,
};

const PERIOD_MS: Readonly<Record<string, number>> = {
  "5minute": 300_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
  month: 2_592_000_000,
};

/** `list_statistic_ids` rows for the recorded sensors with a state class. */
export function statisticIds(recorder: Recorder, statisticType?: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const entityId of recorder.entityIds()) {
    const attributes = recorder.current(entityId)?.wire.attributes;
    const stateClass = attributes?.state_class;
    if (!entityId.startsWith("sensor.") || typeof stateClass !== "string") continue;
    const hasSum = stateClass !== "measurement";
    const unit = (attributes?.unit_of_measurement as string | undefined) ?? null;
    out.push({
      statistic_id: entityId,
      display_unit_of_measurement: unit,
      has_mean: !hasSum,
      mean_type: hasSum ? 0 : 1,
      has_sum: hasSum,
      name: null,
      source: "recorder",
      statistics_unit_of_measurement: unit,
      unit_class: null,
    });
  }
  out.push(EXTERNAL_STATISTIC);
  if (statisticType === "mean") return out.filter((row) => row.has_mean);
  if (statisticType === "sum") return out.filter((row) => row.has_sum);
  return out;
}

export interface StatisticsQuery {
  startMs: number;
  endMs: number;
  statisticIds: readonly string[];
  period: string;
  types: ReadonlySet<string> | null;
}

function bucketRows(values: number[], start: number, end: number, hasSum: boolean) {
  if (hasSum) {
    const last = values[values.length - 1] ?? 0;
    return { start, end, state: last, sum: last, change: last - (values[0] ?? last) };
  }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { start, end, mean, min: Math.min(...values), max: Math.max(...values) };
}

/** `statistics_during_period`: `{statistic_id: [{start, end, mean|state…}]}`, times in ms. */
export function statisticsDuringPeriod(
  recorder: Recorder,
  query: StatisticsQuery,
): Record<string, Array<Record<string, unknown>>> {
  const size = PERIOD_MS[query.period] ?? 3_600_000;
  const known = new Map(statisticIds(recorder).map((row) => [row.statistic_id as string, row]));
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const id of query.statisticIds) {
    const meta = known.get(id);
    if (meta === undefined || meta.source !== "recorder") continue;
    const buckets = new Map<number, number[]>();
    for (const { stored } of recorder.rowsOf(id)) {
      const ms = stored.lu * 1000;
      const value = Number(stored.wire.state);
      if (ms < query.startMs || ms >= query.endMs || !Number.isFinite(value)) continue;
      const start = Math.floor(ms / size) * size;
      buckets.set(start, [...(buckets.get(start) ?? []), value]);
    }
    const rows = [...buckets].map(([start, values]) =>
      pick(bucketRows(values, start, start + size, meta.has_sum === true), query.types),
    );
    if (rows.length > 0) out[id] = rows;
  }
  return out;
}

/** `statistic_during_period` over a `fixed_period` (or everything recorded): `{}` for an unknown id. */
export function statisticSummary(
  recorder: Recorder,
  statisticId: string,
  fixed: { start_time?: string; end_time?: string } | undefined,
  types: ReadonlySet<string> | null,
  parse: (text: string) => number | null,
): Record<string, unknown> {
  const known = statisticIds(recorder).find((row) => row.statistic_id === statisticId);
  if (known === undefined || known.source !== "recorder") return {};
  const startMs = (fixed?.start_time && parse(fixed.start_time)) || 0;
  const endMs = (fixed?.end_time && parse(fixed.end_time)) || Number.POSITIVE_INFINITY;
  const values: number[] = [];
  for (const { stored } of recorder.rowsOf(statisticId)) {
    const value = Number(stored.wire.state);
    if (stored.lu * 1000 >= startMs && stored.lu * 1000 < endMs && Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0) return {};
  const summary: Record<string, unknown> = {
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    min: Math.min(...values),
    change: (values[values.length - 1] ?? 0) - (values[0] ?? 0),
  };
  return types === null
    ? summary
    : Object.fromEntries(Object.entries(summary).filter(([key]) => types.has(key)));
}

function pick(row: Record<string, unknown>, types: ReadonlySet<string> | null): Record<string, unknown> {
  if (types === null) return row;
  return Object.fromEntries(
    Object.entries(row).filter(([key]) => key === "start" || key === "end" || types.has(key)),
  );
}
