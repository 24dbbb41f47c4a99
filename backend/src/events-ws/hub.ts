import { randomBytes } from "node:crypto";
import type { ConnectionHost } from "../gateway/connection.js";
import { type BusEvent, type DeviceView, deviceView, diffViews } from "./device-view.js";

/** A subscription that wants some of the events the hub synthesises. */
export interface EventSink {
  readonly deviceId: string;
  wants(eventType: string): boolean;
  /** `eventJson` is the whole `event` object as JSON text, shared by every sink. */
  deliver(eventJson: string): void;
}

interface Watch {
  view: DeviceView;
  sinks: Set<EventSink>;
  dirty: boolean;
}

/**
 * The non-state events of every subscribed device, made from the device's own view of HA: each
 * registry, service or config re-read by the mirror and each scope change marks the devices
 * dirty, and one microtask later each dirty device's view is rebuilt and diffed once, however
 * many sockets and subscriptions it has. The microtask also lets the scope engine re-resolve on
 * the same mirror event first, so a diff never mixes new registries with an old scope.
 * Listens to the mirror only while some device has a sink.
 */
export class EventHub {
  private readonly watches = new Map<string, Watch>();
  private listeners: Array<() => void> = [];
  private scheduled = false;

  constructor(private readonly host: ConnectionHost) {}

  join(sink: EventSink): void {
    if (this.watches.size === 0) this.listen();
    let watch = this.watches.get(sink.deviceId);
    if (watch === undefined) {
      watch = { view: this.viewOf(sink.deviceId), sinks: new Set(), dirty: false };
      this.watches.set(sink.deviceId, watch);
    } else if (watch.dirty) {
      // Settle what happened before this subscription, so it hears only what comes after.
      this.flushOne(sink.deviceId, watch);
    }
    watch.sinks.add(sink);
  }

  leave(sink: EventSink): void {
    const watch = this.watches.get(sink.deviceId);
    if (watch === undefined || !watch.sinks.delete(sink) || watch.sinks.size > 0) return;
    this.watches.delete(sink.deviceId);
    if (this.watches.size === 0) this.unlisten();
  }

  /** The device's scope changed (null: HA's registries, services or config did, for every device). */
  changed(deviceId: string | null): void {
    if (deviceId === null) for (const watch of this.watches.values()) watch.dirty = true;
    else {
      const watch = this.watches.get(deviceId);
      if (watch === undefined) return;
      watch.dirty = true;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    for (const [deviceId, watch] of this.watches) if (watch.dirty) this.flushOne(deviceId, watch);
  }

  private flushOne(deviceId: string, watch: Watch): void {
    watch.dirty = false;
    // A revoked device's sockets are closing; its view would be empty, not a change worth telling.
    if (this.host.access.device(deviceId) === null) return;
    const after = this.viewOf(deviceId);
    const events = diffViews(watch.view, after);
    watch.view = after;
    for (const event of events) {
      let json: string | undefined;
      for (const sink of watch.sinks) {
        if (!sink.wants(event.event_type)) continue;
        json ??= this.frame(event);
        sink.deliver(json);
      }
    }
  }

  /** HA's event object (core.py `Event.as_dict`); synthesised here, so a context of its own. */
  private frame(event: BusEvent): string {
    const context = { id: randomBytes(16).toString("hex"), parent_id: null, user_id: null };
    const timeFired = new Date(this.host.now()).toISOString();
    return JSON.stringify({ ...event, origin: "LOCAL", time_fired: timeFired, context });
  }

  private viewOf(deviceId: string): DeviceView {
    return deviceView(this.host.mirror, this.host.access, deviceId);
  }

  private listen(): void {
    const { mirror } = this.host;
    this.listeners = [
      mirror.on("registries", () => this.changed(null)),
      mirror.on("services", () => this.changed(null)),
      mirror.on("config", () => this.changed(null)),
    ];
  }

  private unlisten(): void {
    for (const off of this.listeners) off();
    this.listeners = [];
  }
}

const hubs = new WeakMap<ConnectionHost, EventHub>();

/** The gateway's one hub (one per `ConnectionHost`), made on first use. */
export function hubOf(host: ConnectionHost): EventHub {
  let hub = hubs.get(host);
  if (hub === undefined) {
    hub = new EventHub(host);
    hubs.set(host, hub);
  }
  return hub;
}
