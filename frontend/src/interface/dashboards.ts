import { HA_APP_CALLBACKS, type HaDashboard, MAX_DASHBOARDS_PER_DEVICE } from "hasync";

/** HA's default dashboard's url_path: picking it serves HA's own Overview instead of the generated one. */
export const HA_OVERVIEW = "lovelace";

/** One row of the per-device picker. */
export interface DashboardChoice {
  url_path: string;
  title: string;
  hint: string;
  chosen: boolean;
  /** Chosen for the device but not in HA's list now (renamed or deleted in HA). */
  missing: boolean;
}

function hintOf(d: HaDashboard): string {
  if (d.url_path === HA_OVERVIEW)
    return "Home Assistant’s own Overview: shows what its cards show, cut to the scope.";
  const where = `/${d.url_path}`;
  return d.require_admin
    ? `${where} · admin-only in Home Assistant; picked here, this device opens it too`
    : where;
}

/**
 * HA's dashboards in HA's order (the Overview first), then the device's chosen ones HA no longer
 * lists, so the admin can still see and remove them.
 */
export function dashboardChoices(
  listed: readonly HaDashboard[],
  chosen: readonly string[],
): DashboardChoice[] {
  const picked = new Set(chosen);
  const rows: DashboardChoice[] = listed.map((d) => ({
    url_path: d.url_path,
    title: d.url_path === HA_OVERVIEW ? "Home Assistant’s Overview" : d.title,
    hint: hintOf(d),
    chosen: picked.has(d.url_path),
    missing: false,
  }));
  const known = new Set(listed.map((d) => d.url_path));
  for (const path of chosen) {
    if (known.has(path)) continue;
    rows.push({
      url_path: path,
      title: path,
      hint: `/${path}: Home Assistant does not list it now`,
      chosen: true,
      missing: true,
    });
  }
  return rows;
}

/** Adds or removes a dashboard, keeping the others in the order they were chosen. */
export function toggleDashboard(chosen: readonly string[], path: string): string[] {
  return chosen.includes(path) ? chosen.filter((p) => p !== path) : [...chosen, path];
}

/** The contract's limit: no more can be added once this many are chosen. */
export function atLimit(chosen: readonly string[]): boolean {
  return chosen.length >= MAX_DASHBOARDS_PER_DEVICE;
}

/** The same dashboards, in any order. */
export function sameDashboards(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((p) => set.has(p));
}

/** What the device may open, in one sentence, for the "saved" notice and the card's summary. */
export function dashboardsInWords(chosen: readonly string[], listed: readonly HaDashboard[]): string {
  if (chosen.length === 0) return "Only the Overview HAsync generates from its scope.";
  const titles = chosen.map((p) =>
    p === HA_OVERVIEW ? "Home Assistant’s Overview" : (listed.find((d) => d.url_path === p)?.title ?? p),
  );
  const names =
    titles.length === 1 ? titles[0] : `${titles.slice(0, -1).join(", ")} and ${titles[titles.length - 1]}`;
  return `The generated Overview and ${names}.`;
}

/**
 * The login client that paired the device, as people know it: HA's own apps by name
 * (`indieauth.py`'s callbacks), any other client by its host.
 */
export function clientName(clientId: string): string {
  if (clientId === "https://home-assistant.io/iOS") return "the Home Assistant app for iOS";
  if (clientId === "https://home-assistant.io/android") return "the Home Assistant app for Android";
  if (clientId in HA_APP_CALLBACKS) return "the Home Assistant app";
  try {
    return new URL(clientId).host || clientId;
  } catch {
    return clientId;
  }
}
