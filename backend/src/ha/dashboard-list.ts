import { DashboardPathSchema, type HaDashboard, type HaDashboardList } from "hasync";
import { z } from "zod";
import { HaCommandError, type HaForwarder } from "./types.js";

/** How long the admin's picker waits for HA's list before saying HA did not answer. */
const LIST_TIMEOUT_MS = 10_000;

/**
 * HA's default dashboard: `lovelace/dashboards/list` never names it (its config is None in
 * `components/lovelace/__init__.py`), but the admin may pick it for a device.
 */
const DEFAULT_OVERVIEW: HaDashboard = {
  url_path: "lovelace",
  title: "Overview",
  icon: "mdi:view-dashboard",
  mode: null,
  require_admin: false,
};

/**
 * One entry of HA's answer (`lovelace/dashboard.py` STORAGE_DASHBOARD_CREATE_FIELDS plus `id` and
 * `mode`; YAML dashboards carry the same keys). Unknown keys are ignored.
 */
const HaListedDashboardSchema = z.object({
  url_path: z.string(),
  title: z.string().optional(),
  icon: z.string().nullable().optional(),
  mode: z.enum(["storage", "yaml"]).optional(),
  require_admin: z.boolean().optional(),
});

export type DashboardSource = Pick<HaForwarder, "command">;

/**
 * A dashboard a device can be given: its url_path must be one HAsync can store for a device
 * (`DashboardPathSchema`); HA's `url_slug` rule makes that every dashboard in practice.
 */
function toDashboard(item: unknown): HaDashboard | null {
  const parsed = HaListedDashboardSchema.safeParse(item);
  if (!parsed.success || !DashboardPathSchema.safeParse(parsed.data.url_path).success) return null;
  const d = parsed.data;
  if (d.url_path === DEFAULT_OVERVIEW.url_path) return null;
  return {
    url_path: d.url_path,
    title: d.title ?? d.url_path,
    icon: d.icon ?? null,
    mode: d.mode ?? null,
    require_admin: d.require_admin ?? false,
  };
}

/** Why HA gave no list, in the admin's words. */
function reasonOf(error: unknown): string {
  if (error instanceof HaCommandError && error.code === "unknown_command") {
    return "Home Assistant does not list dashboards (its dashboards integration is not loaded).";
  }
  if (error instanceof HaCommandError && error.code === "not_connected") {
    return "Home Assistant is not connected; its dashboards are listed once it is.";
  }
  return "Home Assistant did not list its dashboards; try again in a moment.";
}

/**
 * HA's dashboards for the admin's per-device picker: the default Overview first, then what
 * `lovelace/dashboards/list` answers (HA's `DashboardsCollectionWebSocket`, storage and YAML
 * dashboards), sorted by title. When HA gives no list (HA away, no dashboards integration), the
 * Overview alone and the reason.
 */
export async function listDashboards(source: DashboardSource): Promise<HaDashboardList> {
  let answer: unknown;
  try {
    answer = await source.command({ type: "lovelace/dashboards/list" }, LIST_TIMEOUT_MS);
  } catch (error) {
    return { dashboards: [DEFAULT_OVERVIEW], reason: reasonOf(error) };
  }
  const listed = (Array.isArray(answer) ? answer : [])
    .map(toDashboard)
    .filter((d): d is HaDashboard => d !== null)
    .sort((a, b) => a.title.localeCompare(b.title));
  return { dashboards: [DEFAULT_OVERVIEW, ...listed], reason: null };
}
