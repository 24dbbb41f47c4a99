import type { PassState } from "hasync";
import type { HaMirror } from "../ha/types.js";
import { effectiveTimeZone } from "../ha/wall-clock.js";
import { type PassNow, passState, wallClockLabel } from "./hours.js";
import type { DeviceRecord } from "./types.js";

/** What a device's pass allows now (`DevicesService.passOf`). */
export interface PassOf {
  state: PassState;
  /** When `state` next changes (a window opens or closes) or the pass ends, whichever is first; null if never. */
  changesAt: number | null;
  /** The zone the hours are read in: Home Assistant's, else this process's (UTC if unknown). */
  timeZone: string;
}

interface Cached extends PassNow {
  hours: DeviceRecord["hours"];
  timeZone: string;
  /** When it was computed: a clock set back (NTP, a test) recomputes. */
  at: number;
}

let processZone: string | undefined;
/**
 * The process's own zone, read on first need: a DateTimeFormat loads ICU's locale and zone data,
 * several MB that an installation without pass hours never needs (bench:startup's idle RSS).
 */
function processZoneOnce(): string {
  processZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  return processZone;
}

/**
 * Each device's pass state, recomputed only when its next change is due, its hours were edited,
 * or Home Assistant's time zone changed: the hot path (every auth, every call) reads a cached value.
 */
export class PassBook {
  private readonly cache = new Map<string, Cached>();
  /** The state each device's connections were last told about (by the 1 s sweep). */
  private readonly swept = new Map<string, PassState>();

  constructor(private readonly o: { mirror: HaMirror; now: () => number }) {}

  timeZone(): string {
    return effectiveTimeZone(this.o.mirror.config()?.time_zone || processZoneOnce());
  }

  of(device: DeviceRecord): PassOf {
    const { state, changesAt, timeZone } = this.current(device);
    const ends = device.expiresAt !== null && device.expiresAt > this.o.now() ? device.expiresAt : null;
    const first = changesAt === null ? ends : ends === null ? changesAt : Math.min(changesAt, ends);
    return { state, changesAt: first, timeZone };
  }

  /**
   * Why a service call is refused now, in words, or null while the pass is open. Follows the
   * wall clock the admin wrote the hours in: "it opens again Tue 09:00".
   */
  refusal(device: DeviceRecord): string | null {
    const { state, changesAt, timeZone } = this.current(device);
    if (state === "open") return null;
    const what = state === "read_only" ? "read-only" : "closed";
    if (changesAt === null) return `This pass is ${what} outside its hours.`;
    if (device.expiresAt !== null && device.expiresAt <= changesAt) {
      return `This pass is ${what} outside its hours, and it ends before they come round again.`;
    }
    return `This pass is ${what} outside its hours; it opens again ${wallClockLabel(changesAt, timeZone)}.`;
  }

  closed(device: DeviceRecord): boolean {
    return device.hours !== null && this.current(device).state === "closed";
  }

  /** Devices whose pass has closed since the last sweep: their connections must end now. */
  newlyClosed(devices: Iterable<DeviceRecord>): string[] {
    const out: string[] = [];
    for (const device of devices) {
      if (device.hours === null) {
        this.swept.delete(device.id);
        continue;
      }
      const state = this.current(device).state;
      if (state === "closed" && this.swept.get(device.id) !== "closed") out.push(device.id);
      this.swept.set(device.id, state);
    }
    return out;
  }

  forget(deviceId: string): void {
    this.cache.delete(deviceId);
    this.swept.delete(deviceId);
  }

  private current(device: DeviceRecord): Cached {
    const now = this.o.now();
    const timeZone = this.timeZone();
    const cached = this.cache.get(device.id);
    if (
      cached &&
      cached.hours === device.hours &&
      cached.timeZone === timeZone &&
      now >= cached.at &&
      (cached.changesAt === null || now < cached.changesAt)
    ) {
      return cached;
    }
    const fresh: Cached = {
      ...passState(device.hours, now, timeZone),
      hours: device.hours,
      timeZone,
      at: now,
    };
    this.cache.set(device.id, fresh);
    return fresh;
  }
}
