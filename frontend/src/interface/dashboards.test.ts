import type { HaDashboard } from "hasync";
import { describe, expect, it } from "vitest";
import {
  atLimit,
  clientName,
  dashboardChoices,
  dashboardsInWords,
  sameDashboards,
  toggleDashboard,
} from "./dashboards.js";

const OVERVIEW: HaDashboard = {
  url_path: "lovelace",
  title: "Overview",
  icon: "mdi:view-dashboard",
  mode: null,
  require_admin: false,
};
const KITCHEN: HaDashboard = {
  url_path: "dashboard-kitchen",
  title: "Kitchen",
  icon: null,
  mode: "storage",
  require_admin: false,
};
const ENERGY: HaDashboard = { ...KITCHEN, url_path: "dashboard-power", title: "Power", require_admin: true };

describe("the per-device dashboards picker", () => {
  it("lists HA's dashboards in HA's order, the Overview named as HA's own, ticked as chosen", () => {
    const rows = dashboardChoices([OVERVIEW, KITCHEN, ENERGY], ["dashboard-kitchen"]);
    expect(rows.map((r) => [r.url_path, r.title, r.chosen, r.missing])).toEqual([
      ["lovelace", "Home Assistant’s Overview", false, false],
      ["dashboard-kitchen", "Kitchen", true, false],
      ["dashboard-power", "Power", false, false],
    ]);
    expect(rows[0]?.hint).toBe("Home Assistant’s own Overview: shows what its cards show, cut to the scope.");
    expect(rows[2]?.hint).toBe(
      "/dashboard-power · admin-only in Home Assistant; picked here, this device opens it too",
    );
  });

  it("keeps a chosen dashboard HA no longer lists, so it can be seen and removed", () => {
    const rows = dashboardChoices([OVERVIEW], ["dashboard-gone"]);
    expect(rows.at(-1)).toMatchObject({ url_path: "dashboard-gone", chosen: true, missing: true });
  });

  it("adds and removes one dashboard at a time, in the order chosen, up to the contract's 20", () => {
    expect(toggleDashboard([], "lovelace")).toEqual(["lovelace"]);
    expect(toggleDashboard(["a", "b", "c"], "b")).toEqual(["a", "c"]);
    expect(toggleDashboard(["a"], "b")).toEqual(["a", "b"]);
    expect(atLimit(Array.from({ length: 19 }, (_, i) => `d-${i}`))).toBe(false);
    expect(atLimit(Array.from({ length: 20 }, (_, i) => `d-${i}`))).toBe(true);
    expect(sameDashboards(["a", "b"], ["b", "a"])).toBe(true);
    expect(sameDashboards(["a"], ["a", "b"])).toBe(false);
  });

  it("says what the device may open", () => {
    expect(dashboardsInWords([], [OVERVIEW])).toBe("Only the Overview HAsync generates from its scope.");
    expect(dashboardsInWords(["dashboard-kitchen"], [OVERVIEW, KITCHEN])).toBe(
      "The generated Overview and Kitchen.",
    );
    expect(dashboardsInWords(["lovelace", "dashboard-kitchen", "x-y"], [OVERVIEW, KITCHEN])).toBe(
      "The generated Overview and Home Assistant’s Overview, Kitchen and x-y.",
    );
  });
});

describe("the client that signed a device in", () => {
  it("names HA's own apps, and any other client by its host", () => {
    expect(clientName("https://home-assistant.io/iOS")).toBe("the Home Assistant app for iOS");
    expect(clientName("https://home-assistant.io/android")).toBe("the Home Assistant app for Android");
    expect(clientName("http://192.168.1.20:8099/")).toBe("192.168.1.20:8099");
    expect(clientName("not a url")).toBe("not a url");
  });
});
