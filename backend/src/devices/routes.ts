import { Router } from "express";
import {
  type Device,
  type DeviceList,
  DevicePatchSchema,
  type DevicePreview,
  effectiveAccess,
  type ScopeResolveResponse,
  ScopeSchema,
} from "hasync";
import type { z } from "zod";
import type { AuditLog } from "../audit/audit-log.js";
import { adminOf } from "../auth/guards.js";
import { clientIp } from "../auth/ingress.js";
import { safeAttributes, scopedState } from "../gateway/wire-states.js";
import type { HaMirror } from "../ha/types.js";
import { HttpError, notFound } from "../http/errors.js";
import { parseInput } from "../http/validate.js";
import { resolveScope } from "./scope.js";
import type { DevicesService } from "./service.js";

export interface DeviceRoutesDeps {
  devices: DevicesService;
  mirror: HaMirror;
  audit: AuditLog;
  now: () => number;
}

const ID = /^dev_[A-Za-z0-9_-]{1,32}$/;
type DevicePatchInput = z.output<typeof DevicePatchSchema>;

const deviceIdOf = (raw: string | undefined): string => {
  if (raw === undefined || !ID.test(raw)) throw notFound("No such device.");
  return raw;
};

/** One audit entry per kind of change an admin made to a device. */
function auditPatch(
  audit: AuditLog,
  who: { actor: string; ip: string | null },
  patch: DevicePatchInput,
  before: Device,
  after: Device,
): void {
  const id = after.id;
  if (patch.name !== undefined && patch.name !== before.name) {
    audit.record("device.renamed", {
      ...who,
      detail: { device_id: id, from: before.name, to: after.name },
    });
  }
  if (patch.scope !== undefined) {
    audit.record("device.scope_changed", {
      ...who,
      detail: { device_id: id, name: after.name, from: before.scope, to: after.scope },
    });
  }
  if (patch.expires_at !== undefined) {
    audit.record("device.expiry_changed", {
      ...who,
      detail: { device_id: id, name: after.name, expires_at: after.expires_at },
    });
  }
  if (patch.hours !== undefined) {
    audit.record("device.hours_changed", {
      ...who,
      detail: { device_id: id, name: after.name, hours: after.hours },
    });
  }
  if (patch.rate !== undefined) {
    audit.record("device.rate_changed", {
      ...who,
      detail: { device_id: id, name: after.name, from: before.rate, to: after.rate },
    });
  }
  if (patch.dashboards !== undefined) {
    audit.record("device.dashboards_changed", {
      ...who,
      detail: { device_id: id, name: after.name, from: before.dashboards, to: after.dashboards },
    });
  }
  if (patch.presents_as_admin !== undefined && patch.presents_as_admin !== before.presents_as_admin) {
    audit.record("device.admin_presentation_changed", {
      ...who,
      detail: { device_id: id, name: after.name, presents_as_admin: after.presents_as_admin },
    });
  }
}

/** `/api/v1/admin/devices/**` and `/api/v1/admin/scope/resolve` (behind the admin guard). */
export function deviceAdminRouter({ devices, mirror, audit, now }: DeviceRoutesDeps): Router {
  const router = Router();

  router.get("/devices", (_req, res) => {
    const body: DeviceList = { devices: devices.list() };
    res.set("Cache-Control", "no-store").json(body);
  });

  router.get("/devices/:id", (req, res) => {
    const device = devices.view(deviceIdOf(req.params.id));
    if (!device) throw notFound("No such device.");
    res.set("Cache-Control", "no-store").json(device);
  });

  router.patch("/devices/:id", (req, res) => {
    const id = deviceIdOf(req.params.id);
    const patch = parseInput(DevicePatchSchema, req.body);
    const before = devices.view(id);
    if (!before) throw notFound("No such device.");
    const expiresAt =
      patch.expires_at === undefined
        ? undefined
        : patch.expires_at === null
          ? null
          : Date.parse(patch.expires_at);
    if (expiresAt !== undefined && expiresAt !== null && expiresAt <= now()) {
      throw new HttpError(400, "invalid_request", "expires_at must be in the future (or null for never).");
    }
    const after = devices.update(id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.scope !== undefined ? { scope: patch.scope } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      ...(patch.presents_as_admin !== undefined ? { presentsAsAdmin: patch.presents_as_admin } : {}),
      ...(patch.hours !== undefined ? { hours: patch.hours } : {}),
      ...(patch.rate !== undefined ? { rate: patch.rate } : {}),
      // The HA dashboards its HA interface may open (lovelace/), each named once.
      ...(patch.dashboards !== undefined ? { dashboards: [...new Set(patch.dashboards)] } : {}),
    });
    if (!after) throw notFound("No such device.");
    auditPatch(audit, { actor: adminOf(res).name, ip: clientIp(req) }, patch, before, after);
    res.json(after);
  });

  router.delete("/devices/:id", (req, res) => {
    const id = deviceIdOf(req.params.id);
    const name = devices.view(id)?.name;
    if (!devices.revoke(id)) throw notFound("No such device.");
    audit.record("device.revoked", {
      actor: adminOf(res).name,
      ip: clientIp(req),
      detail: { device_id: id, name },
    });
    res.status(204).end();
  });

  router.get("/devices/:id/preview", (req, res) => {
    const id = deviceIdOf(req.params.id);
    const device = devices.view(id);
    if (!device) throw notFound("No such device.");
    const visible = devices.entitiesOf(id);
    const body: DevicePreview = {
      device_id: id,
      access: device.scope.access,
      entities: [...visible].sort().flatMap((entityId) => {
        const state = mirror.getState(entityId);
        if (!state) return [];
        // As the device gets it: a group or scene lists only the members in its scope.
        const attributes = safeAttributes(scopedState(state, visible, mirror));
        return [
          {
            entity_id: entityId,
            name: typeof attributes.friendly_name === "string" ? attributes.friendly_name : entityId,
            area_id: mirror.areaOf(entityId),
            state: state.state,
            attributes,
            last_changed: state.last_changed,
          },
        ];
      }),
    };
    res.set("Cache-Control", "no-store").json(body);
  });

  router.post("/scope/resolve", (req, res) => {
    const scope = parseInput(ScopeSchema, req.body);
    const known = new Set(mirror.areas().map((a) => a.area_id));
    const entityIds = [...resolveScope(scope, mirror)].sort();
    const body: ScopeResolveResponse = {
      entity_ids: entityIds,
      access: Object.fromEntries(
        entityIds.map((id) => [id, effectiveAccess(scope, id, mirror.getState(id)?.attributes.device_class)]),
      ),
      unknown_areas: scope.areas.filter((a) => !known.has(a)),
      unknown_entities: [...scope.entities, ...scope.exclude].filter((e) => !mirror.getState(e)),
    };
    res.json(body);
  });
  return router;
}
