import type { Logger } from "../log/logger.js";
import { USER_DATA_LIMITS, UserDataLimitError, type UserDataLimits } from "./limits.js";
import type { UserDataStore } from "./store.js";

/** What the gateway's user-data commands need: per device, never shared between devices. */
export interface UserDataAccess {
  /** One key's value (null when unset), or every key as one object when `key` is null. */
  read(deviceId: string, key: string | null): unknown;
  /** Stores `value` under `key`, then tells the device's subscribers; throws `UserDataLimitError`. */
  write(deviceId: string, key: string, value: unknown): void;
  /** Calls `onChange` after each write to `key` (or to any key when null); returns the unsubscribe. */
  subscribe(deviceId: string, key: string | null, onChange: () => void): () => void;
}

interface Listener {
  key: string | null;
  onChange: () => void;
}

const utf8 = (text: string) => Buffer.byteLength(text, "utf8");
const kB = (bytes: number) => `${Math.round(bytes / 1024)} kB`;

/**
 * Frontend user data per device (HA keeps it per user: components/frontend/storage.py
 * `UserStore`), in SQLite, bounded. Listeners live in memory per device, so a write from one of a
 * device's sockets reaches the subscriptions on all of its sockets, and no other device's.
 */
export class UserDataService implements UserDataAccess {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly limits: UserDataLimits;

  constructor(
    private readonly store: UserDataStore,
    private readonly log: Logger,
    limits: Partial<UserDataLimits> = {},
  ) {
    this.limits = { ...USER_DATA_LIMITS, ...limits };
  }

  read(deviceId: string, key: string | null): unknown {
    if (key === null) return this.store.all(deviceId);
    return this.store.get(deviceId, key) ?? null;
  }

  write(deviceId: string, key: string, value: unknown): void {
    const json = JSON.stringify(value);
    const bytes = utf8(key) + utf8(json);
    this.store.transaction(() => {
      this.check(deviceId, key, json, bytes);
      this.store.put(deviceId, key, json, bytes);
    });
    this.notify(deviceId, key);
  }

  subscribe(deviceId: string, key: string | null, onChange: () => void): () => void {
    let set = this.listeners.get(deviceId);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(deviceId, set);
    }
    const listener: Listener = { key, onChange };
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(deviceId) === set) this.listeners.delete(deviceId);
    };
  }

  /** Open listeners of all devices (for tests that check subscriptions are freed). */
  get listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  private check(deviceId: string, key: string, json: string, bytes: number): void {
    const { maxKeyBytes, maxValueBytes, maxKeys, maxTotalBytes } = this.limits;
    if (utf8(key) > maxKeyBytes) {
      throw new UserDataLimitError(`User data key too long (limit ${maxKeyBytes} bytes).`);
    }
    if (utf8(json) > maxValueBytes) {
      throw new UserDataLimitError(`User data value too large (limit ${kB(maxValueBytes)} per key).`);
    }
    const others = this.store.usage(deviceId, key);
    // `others` leaves this key out, so replacing an existing key never counts twice.
    if (others.keys >= maxKeys) {
      throw new UserDataLimitError(`Too many user data keys (limit ${maxKeys}).`);
    }
    if (others.bytes + bytes > maxTotalBytes) {
      throw new UserDataLimitError(`User data full (limit ${kB(maxTotalBytes)} per device).`);
    }
  }

  private notify(deviceId: string, key: string): void {
    const set = this.listeners.get(deviceId);
    if (set === undefined) return;
    for (const listener of [...set]) {
      if (listener.key !== null && listener.key !== key) continue;
      try {
        listener.onChange();
      } catch (error) {
        this.log.error("user data listener failed", { error });
      }
    }
  }
}
