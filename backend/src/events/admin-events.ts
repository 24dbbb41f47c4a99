import type { Response } from "express";
import { Router } from "express";
import type { AdminEvent } from "hasync";
import type { AuditLog } from "../audit/audit-log.js";
import type { ConfirmationService } from "../confirm/service.js";
import type { DevicesService } from "../devices/service.js";
import { safeAttributes, scopedState } from "../gateway/wire-states.js";
import type { HaMirror, StateChange } from "../ha/types.js";
import { HttpError } from "../http/errors.js";
import type { PairingService } from "../pairing/service.js";
import { SseStream } from "./sse-stream.js";

export interface AdminEventsDeps {
  pairing: PairingService;
  devices: DevicesService;
  audit: AuditLog;
  mirror: HaMirror;
  /** Calls waiting for the admin (confirm/): pushed as `confirmation.pending` / `confirmation.resolved`. */
  confirmations?: Pick<ConfirmationService, "on">;
  maxClients?: number;
}

const HEARTBEAT_MS = 25_000;
const hello = (): AdminEvent => ({ type: "hello", at: new Date().toISOString() });

/**
 * The admin push channel: `GET /api/v1/admin/events` as Server-Sent Events (they pass through
 * Home Assistant's ingress and reconnect by themselves). `?device=<id>` adds a live preview of
 * exactly what that device sees. A page that falls behind gets events dropped and then a fresh
 * `hello` to refetch from, never an unbounded queue (SseStream).
 */
export class AdminEvents {
  private readonly clients = new Set<SseStream>();

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
    for (const stream of this.clients) stream.end();
    this.clients.clear();
  }

  /** Bytes the open streams hold in memory for their pages (bounded: see SseStream). */
  bufferedBytes(): number {
    let total = 0;
    for (const stream of this.clients) total += stream.buffered;
    return total;
  }

  private open(res: Response, deviceId: string | undefined): void {
    const stream = new SseStream(res, { heartbeatMs: HEARTBEAT_MS, resync: hello });
    this.clients.add(stream);
    const send = (event: AdminEvent) => stream.send(event);
    send(hello());
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
    const { confirmations } = this.deps;
    if (confirmations !== undefined) {
      offs.push(
        confirmations.on("pending", (confirmation) => send({ type: "confirmation.pending", confirmation })),
        confirmations.on("resolved", (id, outcome, by) =>
          send({ type: "confirmation.resolved", id, outcome, by }),
        ),
      );
    }
    if (deviceId !== undefined) offs.push(this.preview(deviceId, send));
    res.on("close", () => {
      for (const off of offs) off();
      this.clients.delete(stream);
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
                attributes: safeAttributes(
                  scopedState(change.newState, devices.entitiesOf(deviceId), mirror),
                ),
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
