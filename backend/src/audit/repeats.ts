/**
 * Folds repetitions into the entry written for the first one. A device that keeps making the
 * same refused call (same device, same service, same reason) within `windowMs` adds to that
 * entry's count instead of writing a row per call; the counts are written back in batches.
 * A device that varies its calls to dodge the folding gets `maxKeysPerActor` entries of its own
 * per window, then one overflow entry that counts everything else.
 */
export interface OpenRepeat {
  readonly key: string;
  readonly actor: string;
  readonly id: number;
  readonly firstAt: number;
  count: number;
  lastAt: number;
  /** The count last written to the database. */
  written: number;
}

export interface RepeatLimits {
  windowMs: number;
  maxKeysPerActor: number;
  /** Open entries over all actors; the oldest are closed first. */
  maxOpen: number;
}

export const DEFAULT_REPEAT_LIMITS: RepeatLimits = {
  windowMs: 10 * 60_000,
  maxKeysPerActor: 20,
  maxOpen: 5000,
};

export type Fold = { kind: "counted" } | { kind: "new"; key: string; overflow: boolean };

const overflowKey = (actor: string) => `${actor}\u0000*`;

export class RepeatFolder {
  private readonly open = new Map<string, OpenRepeat>();
  private readonly perActor = new Map<string, number>();

  constructor(private readonly limits: RepeatLimits = DEFAULT_REPEAT_LIMITS) {}

  /** Counts a repetition into an open entry, or says which new entry the caller must write. */
  fold(key: string, actor: string, now: number): Fold {
    const keyed = this.live(key, now);
    if (keyed) return this.count(keyed, now);
    if ((this.perActor.get(actor) ?? 0) < this.limits.maxKeysPerActor) {
      return { kind: "new", key, overflow: false };
    }
    const overflow = this.live(overflowKey(actor), now);
    if (overflow) return this.count(overflow, now);
    return { kind: "new", key: overflowKey(actor), overflow: true };
  }

  /** Registers the entry the caller wrote for a `new` fold. Returns entries closed to make room. */
  add(key: string, actor: string, id: number, now: number): OpenRepeat[] {
    const previous = this.open.get(key);
    if (previous) this.close(previous);
    this.open.set(key, { key, actor, id, firstAt: now, count: 1, lastAt: now, written: 1 });
    this.perActor.set(actor, (this.perActor.get(actor) ?? 0) + 1);
    const evicted: OpenRepeat[] = [];
    for (const oldest of this.open.values()) {
      if (this.open.size <= this.limits.maxOpen) break;
      this.close(oldest);
      evicted.push(oldest);
    }
    return evicted;
  }

  /** Entries whose count changed since it was last written; the caller writes them, then `written`. */
  unwritten(): OpenRepeat[] {
    return [...this.open.values()].filter((r) => r.count !== r.written);
  }

  /** Forgets entries whose window has passed and whose count is written. */
  sweep(now: number): void {
    for (const repeat of this.open.values()) {
      if (now - repeat.firstAt >= this.limits.windowMs && repeat.count === repeat.written) this.close(repeat);
    }
  }

  /** Forgets an entry that is gone from the database (pruned). */
  forget(id: number): void {
    for (const repeat of this.open.values()) if (repeat.id === id) this.close(repeat);
  }

  private live(key: string, now: number): OpenRepeat | undefined {
    const repeat = this.open.get(key);
    return repeat && now - repeat.firstAt < this.limits.windowMs ? repeat : undefined;
  }

  private count(repeat: OpenRepeat, now: number): Fold {
    repeat.count += 1;
    repeat.lastAt = now;
    return { kind: "counted" };
  }

  private close(repeat: OpenRepeat): void {
    this.open.delete(repeat.key);
    const left = (this.perActor.get(repeat.actor) ?? 1) - 1;
    if (left <= 0) this.perActor.delete(repeat.actor);
    else this.perActor.set(repeat.actor, left);
  }
}
