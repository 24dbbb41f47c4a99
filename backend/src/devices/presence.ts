import type { DeviceStore, StoredDevice } from "./store.js";

/** The admin's "last seen" follows live, but at most twice a minute per device. */
const SEEN_PUSH_MS = 30_000;

export interface Seen {
  at: number;
  ip: string;
}

/**
 * Who is online and when each device was last seen: open connections counted per device, sign-ins
 * kept in memory and written to SQLite in batches (not a DB write per request).
 */
export class Presence {
  private readonly open = new Map<string, number>();
  private readonly unflushed = new Map<string, Seen>();

  constructor(private readonly store: DeviceStore) {}

  /** Records a sign-in; true when the admin's view should hear of it now. */
  signedIn(device: StoredDevice, at: number, ip: string): boolean {
    const previous = this.unflushed.get(device.id)?.at ?? device.lastSeenAt;
    this.unflushed.set(device.id, { at, ip });
    return previous === null || at - previous > SEEN_PUSH_MS;
  }

  /** True when this is the device's first open connection (it just came online). */
  opened(deviceId: string): boolean {
    const count = (this.open.get(deviceId) ?? 0) + 1;
    this.open.set(deviceId, count);
    return count === 1;
  }

  /** True when this was the device's last open connection (it just went offline). */
  closed(deviceId: string): boolean {
    const count = (this.open.get(deviceId) ?? 1) - 1;
    if (count <= 0) this.open.delete(deviceId);
    else this.open.set(deviceId, count);
    return count <= 0;
  }

  online(deviceId: string): boolean {
    return (this.open.get(deviceId) ?? 0) > 0;
  }

  /** The newest sign-in not yet written, if any. */
  seen(deviceId: string): Seen | undefined {
    return this.unflushed.get(deviceId);
  }

  forget(deviceId: string): void {
    this.open.delete(deviceId);
    this.unflushed.delete(deviceId);
  }

  /** Writes the sign-ins since the last flush and updates the cached records. */
  flush(devices: ReadonlyMap<string, StoredDevice>): void {
    if (this.unflushed.size === 0) return;
    const entries = [...this.unflushed];
    this.unflushed.clear();
    this.store.recordSeen(entries);
    for (const [id, seen] of entries) {
      const device = devices.get(id);
      if (device) {
        device.lastSeenAt = seen.at;
        device.lastIp = seen.ip;
      }
    }
  }
}
