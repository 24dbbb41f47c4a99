import { Router } from "express";
import {
  type HaAreaList,
  type HaEntityList,
  type HaEntityQuery,
  HaEntityQuerySchema,
  type HaEntitySummary,
  type HaStatusResponse,
} from "hasync";
import { badRequest } from "../http/errors.js";
import { listDashboards } from "./dashboard-list.js";
import { sanitizeAttributes } from "./sanitize.js";
import type { HaEntityEntry, HaForwarder, HaMirror, HaState } from "./types.js";

export interface HaAdminRoutesDeps {
  /** The link: the mirror for reads, its forwarder to ask HA for its dashboards. */
  mirror: HaMirror & Pick<HaForwarder, "command">;
}

function parseQuery(query: unknown): HaEntityQuery {
  const result = HaEntityQuerySchema.safeParse(query);
  if (!result.success) {
    throw badRequest("Invalid query parameters.", {
      problems: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    });
  }
  return result.data;
}

/** Registry name (set by the user), else the state's friendly_name, else the integration's name. */
function displayName(state: HaState, entry: HaEntityEntry | undefined): string {
  const friendly = state.attributes.friendly_name;
  return (
    entry?.name ?? (typeof friendly === "string" ? friendly : null) ?? entry?.original_name ?? state.entity_id
  );
}

function summarize(mirror: HaMirror, state: HaState, entry: HaEntityEntry | undefined): HaEntitySummary {
  return {
    entity_id: state.entity_id,
    name: displayName(state, entry),
    domain: state.entity_id.slice(0, state.entity_id.indexOf(".")),
    area_id: mirror.areaOf(state.entity_id),
    device_id: mirror.deviceOf(state.entity_id),
    state: state.state,
    attributes: sanitizeAttributes(state.attributes),
  };
}

function listEntities(mirror: HaMirror, query: HaEntityQuery): HaEntitySummary[] {
  const entries = new Map(mirror.entityEntries().map((e) => [e.entity_id, e]));
  const needle = query.search?.toLowerCase();
  const out: HaEntitySummary[] = [];
  for (const state of mirror.allStates()) {
    if (query.domain !== undefined && !state.entity_id.startsWith(`${query.domain}.`)) continue;
    if (query.area !== undefined && mirror.areaOf(state.entity_id) !== query.area) continue;
    const summary = summarize(mirror, state, entries.get(state.entity_id));
    if (needle !== undefined && !`${summary.entity_id}\n${summary.name}`.toLowerCase().includes(needle))
      continue;
    out.push(summary);
  }
  return out.sort((a, b) => a.entity_id.localeCompare(b.entity_id));
}

function listAreas(mirror: HaMirror): HaAreaList {
  let unassigned = 0;
  for (const state of mirror.allStates()) if (mirror.areaOf(state.entity_id) === null) unassigned++;
  return {
    areas: mirror.areas().map((area) => ({
      area_id: area.area_id,
      name: area.name,
      floor_id: area.floor_id ?? null,
      entity_count: mirror.entitiesInArea(area.area_id).size,
    })),
    unassigned_count: unassigned,
  };
}

/**
 * The admin's read-only view of Home Assistant. Mounted by the app under `/api/v1/admin`, behind
 * the admin-session guard; errors go to the one error middleware.
 */
export function haAdminRouter(deps: HaAdminRoutesDeps): Router {
  const router = Router();
  router.get("/ha/status", (_req, res) => {
    const body: HaStatusResponse = deps.mirror.status();
    res.json(body);
  });
  router.get("/ha/areas", (_req, res) => {
    res.json(listAreas(deps.mirror));
  });
  router.get("/ha/entities", (req, res) => {
    const body: HaEntityList = { entities: listEntities(deps.mirror, parseQuery(req.query)) };
    res.json(body);
  });
  // The per-device dashboards picker: HA's own list, asked when the admin opens a device.
  router.get("/ha/dashboards", async (_req, res) => {
    res.json(await listDashboards(deps.mirror));
  });
  return router;
}
