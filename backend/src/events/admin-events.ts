import type { Response } from "express";
import { Router } from "express";
import type { AdminEvent } from "hasync";
import type { AuditLog } from "../audit/audit-log.js";
import type { DevicesService } from "../devices/service.js";
import { safeAttributes, scopedState } from "../gateway/wire-states.js";
import type { HaMirror, StateChange } from "../ha/types.js";
import { HttpError } from "../http/errors.js";
import type { PairingService } from "../pairing/service.js";

export interface AdminEventsDeps {
  pairing: PairingService;
  devices: DevicesService;
  audit: AuditLog;
  mirror: HaMirror;
  maxClients?: number;
}

const HEARTBEAT_MS = 25_000;

/**
 * The admin push channel: `GET /api/v1/admin/events` as Server-Sent Events (they pass through
 * Home Assistant's ingress and reconnect by themselves). `?device=<id>` adds a live preview of
 * exactly what that device sees.
 */
export class AdminEvents {
  private readonly clients = new Set<Response>();

  constructor(private readonly deps: AdminEventsDeps) {}

  router(): Router {
    const router = Router();
    router.get("/events", (req, res) => {
      if (this.clients.size >= (this.deps.maxClients ?? 50)) {
        throw new HttpError(503, "unavailable", "Too many admin pages are open. Close some and retry.");
      }
      const device = typeof req.query.device === "string" ? req.query.device : undefined;
      if (device !== undefined && !this.deps.devices.view(device))
        throw new HttpError(404, "not_found", "No such device.");
      this.open(res, device);
    });
    return router;
  }

  /** Ends every stream (shutdown), so the HTTP server can close promptly. */
  closeAll(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private open(res: Response, deviceId: string | undefined): void {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    this.clients.add(res);
    const send = (event: AdminEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    send({ type: "hello", at: new Date().toISOString() });
    const { pairing, devices, audit, mirror } = this.deps;
    let lastHaState = "";
    const offs = [
      pairing.on("pending", (request) => send({ type: "pairing.pending", request })),
      pairing.on("resolved", (user_code, outcome) => send({ type: "pairing.resolved", user_code, outcome })),
      devices.on("updated", (device) => send({ type: "device.updated", device })),
      devices.on("removed", (device_id) => send({ type: "device.removed", device_id })),
      audit.onEntry((entry) => send({ type: "audit", entry })),
      mirror.on("status", (status) => {
        const key = `${status.state}|${status.ha_version}|${status.last_error}`;
        if (key === lastHaState) return;
        lastHaState = key;
        send({ type: "ha.status", status: { ...status } });
      }),
    ];
    if (deviceId !== undefined) offs.push(this.preview(deviceId, send));
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), HEARTBEAT_MS);
    heartbeat.unref();
    res.on("close", () => {
      clearInterval(heartbeat);
      for (const off of offs) off();
      this.clients.delete(res);
    });
  }

  /** Follows the device's entities through the mirror's per-entity index, re-watching as its scope moves. */
  private preview(deviceId: string, send: (event: AdminEvent) => void): () => void {
    const { devices, mirror } = this.deps;
    const watches = new Map<string, () => void>();
    const onChange = (change: StateChange) =>
      send({
        type: "preview",
        device_id: deviceId,
        changes: [
          change.newState
            ? {
                entity_id: change.entityId,
                state: change.newState.state,
                attributes: safeAttributes(scopedState(change.newState, devices.entitiesOf(deviceId))),
              }
            : { entity_id: change.entityId, state: null },
        ],
      });
    const watch = (id: string) => {
      if (!watches.has(id)) watches.set(id, mirror.watchEntity(id, onChange));
    };
    for (const id of devices.entitiesOf(deviceId)) watch(id);
    const offScope = devices.on("scopeChanged", (change) => {
      if (change.deviceId !== deviceId) return;
      for (const id of change.added) {
        watch(id);
        const state = mirror.getState(id);
        if (state) onChange({ entityId: id, oldState: null, newState: state });
      }
      for (const id of change.removed) {
        watches.get(id)?.();
        watches.delete(id);
        send({ type: "preview", device_id: deviceId, changes: [{ entity_id: id, state: null }] });
      }
    });
    return () => {
      offScope();
      for (const off of watches.values()) off();
    };
  }
}
