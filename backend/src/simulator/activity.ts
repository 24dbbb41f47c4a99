import type { DriftSpec } from "./home-entities.js";
import type { Random } from "./random.js";
import type { HomeStore } from "./store.js";

export interface ActivityOptions {
  driftIntervalMs: number;
  eventRatePerSec: number;
}

// Small ticks keep a high event rate smooth instead of bursty; the count per tick follows real
// elapsed time, so a slow tick catches up rather than lowering the rate.
const RATE_TICK_MS = 20;

/**
 * The home's life: climate and power sensors drift every few seconds (seeded random walk), and
 * for benchmarks an extra stream of state changes at a fixed rate. Timers are unref'd so a
 * forgotten demo never keeps a process alive.
 */
export class Activity {
  private driftTimer: NodeJS.Timeout | undefined;
  private rateTimer: NodeJS.Timeout | undefined;
  private cursor = 0;
  private owed = 0;
  private lastTick = 0;

  constructor(
    private readonly store: HomeStore,
    private readonly random: Random,
    private readonly drifters: ReadonlyMap<string, DriftSpec>,
    /** Entities the event rate changes, round-robin. */
    private readonly busy: readonly string[],
    private readonly options: ActivityOptions,
  ) {}

  start(): void {
    if (this.options.driftIntervalMs > 0) {
      this.driftTimer = setInterval(() => this.drift(), this.options.driftIntervalMs);
      this.driftTimer.unref();
    }
    if (this.options.eventRatePerSec > 0 && this.busy.length > 0) {
      this.lastTick = performance.now();
      this.rateTimer = setInterval(() => this.tick(), RATE_TICK_MS);
      this.rateTimer.unref();
    }
  }

  stop(): void {
    clearInterval(this.driftTimer);
    clearInterval(this.rateTimer);
    this.driftTimer = undefined;
    this.rateTimer = undefined;
  }

  /** One drift step for every drifting sensor (also used directly by tests). */
  drift(): void {
    for (const [entityId, spec] of this.drifters) {
      const current = this.store.getState(entityId);
      if (!current) continue;
      const value = Number(current.wire.state);
      const base = Number.isFinite(value) ? value : (spec.min + spec.max) / 2;
      const next = Math.min(spec.max, Math.max(spec.min, base + (this.random() * 2 - 1) * spec.step));
      this.store.setState(entityId, next.toFixed(spec.decimals), current.wire.attributes);
    }
  }

  private tick(): void {
    const now = performance.now();
    this.owed += ((now - this.lastTick) * this.options.eventRatePerSec) / 1000;
    this.lastTick = now;
    const count = Math.floor(this.owed);
    this.owed -= count;
    for (let i = 0; i < count; i++) this.bump();
  }

  /** Moves the next busy sensor by 0.1–1.0 so every tick really changes a state. */
  private bump(): void {
    const entityId = this.busy[this.cursor % this.busy.length] as string;
    this.cursor++;
    const current = this.store.getState(entityId);
    if (!current) return;
    const value = Number(current.wire.state);
    const step = (Math.floor(this.random() * 10) + 1) / 10;
    const next = (Number.isFinite(value) ? value : 20) + (value > 30 ? -step : step);
    this.store.setState(entityId, next.toFixed(1), current.wire.attributes);
  }
}
