import type { DeviceAccess, ScopeChange } from "../devices/types.js";

/**
 * Camera requests in flight, bounded and ended the moment the device may no longer watch: its
 * scope loses the camera, it is revoked or its pass expires. HA checks a camera's token once, at
 * the start of a request, and then streams for as long as the client reads; HAsync does the same
 * within these bounds, so a stream opened with a URL signed for the device ends with its access.
 *
 * No byte or time limit on a stream: a wall tablet showing a camera all day is the use, HA sets
 * none, and the bytes pass through without being held (backpressure reaches HA's socket). What a
 * device can cost is the number of streams it keeps open, bounded here.
 */

export interface CameraLimits {
  /** Open MJPEG streams of one device: a dashboard shows a few cameras at once, not dozens. */
  streamsPerDevice: number;
  /** Stills being fetched for one device at once (a page of camera thumbnails loading). */
  imagesPerDevice: number;
  /** Open MJPEG streams of all devices together: each holds a socket to HA and HA's encoder busy. */
  streams: number;
}

export const DEFAULT_CAMERA_LIMITS: CameraLimits = { streamsPerDevice: 4, imagesPerDevice: 8, streams: 64 };

export type TransferKind = "image" | "stream";

/** A device already has as many camera requests of this kind open as it may. */
export class TooManyTransfers extends Error {
  override name = "TooManyTransfers";
}

export class Transfer {
  private readonly controller = new AbortController();

  constructor(
    readonly deviceId: string,
    readonly entityId: string,
    readonly kind: TransferKind,
  ) {}

  /** Aborts the request to HA and its streamed body. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(): void {
    this.controller.abort();
  }
}

export class Transfers {
  private readonly byDevice = new Map<string, Set<Transfer>>();
  private streams = 0;
  private listeners: Array<() => void> = [];

  constructor(
    private readonly access: DeviceAccess,
    private readonly limits: CameraLimits = DEFAULT_CAMERA_LIMITS,
  ) {}

  /** Streams open now, for tests and the benchmark. */
  get openStreams(): number {
    return this.streams;
  }

  /** Registers a request; throws TooManyTransfers past the limits. `close()` it when it ends. */
  open(deviceId: string, entityId: string, kind: TransferKind): Transfer {
    const mine = this.byDevice.get(deviceId) ?? new Set<Transfer>();
    let count = 0;
    for (const transfer of mine) if (transfer.kind === kind) count++;
    const limit = kind === "stream" ? this.limits.streamsPerDevice : this.limits.imagesPerDevice;
    if (count >= limit || (kind === "stream" && this.streams >= this.limits.streams))
      throw new TooManyTransfers();
    if (this.byDevice.size === 0) this.listen();
    const transfer = new Transfer(deviceId, entityId, kind);
    mine.add(transfer);
    this.byDevice.set(deviceId, mine);
    if (kind === "stream") this.streams++;
    return transfer;
  }

  close(transfer: Transfer): void {
    const mine = this.byDevice.get(transfer.deviceId);
    if (mine?.delete(transfer) !== true) return;
    if (transfer.kind === "stream") this.streams--;
    if (mine.size > 0) return;
    this.byDevice.delete(transfer.deviceId);
    if (this.byDevice.size === 0) this.unlisten();
  }

  /** Listens to the scope engine only while something is open. */
  private listen(): void {
    this.listeners = [
      this.access.on("scopeChanged", (change) => this.onScopeChanged(change)),
      this.access.on("revoked", (deviceId) => this.abortAll(deviceId)),
    ];
  }

  private unlisten(): void {
    for (const stop of this.listeners) stop();
    this.listeners = [];
  }

  private onScopeChanged(change: ScopeChange): void {
    const mine = this.byDevice.get(change.deviceId);
    if (mine === undefined || change.removed.length === 0) return;
    const removed = new Set(change.removed);
    for (const transfer of mine) if (removed.has(transfer.entityId)) transfer.abort();
  }

  private abortAll(deviceId: string): void {
    for (const transfer of this.byDevice.get(deviceId) ?? []) transfer.abort();
  }
}
