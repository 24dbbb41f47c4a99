import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { InterfaceStatus } from "hasync";
import type { Page } from "playwright-core";
import type { AdminApi } from "./admin.js";
import { WAIT_MS } from "./limits.js";
import { distDir, repoRoot } from "./paths.js";
import type { DemoHa } from "./screen-ha.js";
import { eventually } from "./ui.js";

/**
 * How long HA's own interface may take to come up after a load (its module graph, translations and
 * the dozens of commands it sends first): a bound for hangs on a loaded 2-core machine, three times
 * the harness's usual wait; a passing run never waits for it.
 */
export const HA_INTERFACE_MS = 3 * WAIT_MS;

interface SimulatorModule {
  DemoHomeAssistant: new (options?: { driftIntervalMs?: number; frontendDir?: string }) => DemoHa;
}

/**
 * The demo Home Assistant in the test's process serving HA's built interface from `dir` at HA's
 * paths (`DemoHaOptions.frontendDir`), as a real HA serves its `hass_frontend`. No drift: states
 * change only when the test or the interface changes them.
 */
export async function startDemoHaWithFrontend(dir: string): Promise<DemoHa> {
  const entry = pathToFileURL(path.join(repoRoot, "backend", "dist", "simulator", "index.js")).href;
  const { DemoHomeAssistant } = (await import(entry)) as SimulatorModule;
  const ha = new DemoHomeAssistant({ driftIntervalMs: 0, frontendDir: dir });
  await ha.start();
  return ha;
}

/** The admin's choice "Home Assistant's own interface on devices", once HAsync can serve it. */
export async function chooseHaInterface(admin: AdminApi): Promise<InterfaceStatus> {
  await admin.call("PUT", "admin/interface-settings", { device_interface: "home_assistant" });
  let status: InterfaceStatus | undefined;
  await eventually(async () => {
    status = await admin.call<InterfaceStatus>("GET", "admin/interface-settings");
    return status.ha_frontend.available;
  }, "HAsync to have HA's interface to serve");
  if (!status) throw new Error("no interface status");
  return status;
}

/**
 * What the page's Lovelace elements render, found through every open shadow root: HA's cards and
 * entity rows keep their config in `_config` (home-assistant/frontend
 * src/panels/lovelace/cards/hui-tile-card.ts, hui-area-card.ts, entity-rows/*). `entities` are
 * the cards' and rows' entities, `areas` the area cards' areas. Walked with a stack, not a
 * recursive helper: a named function in the page script would need the test runner's helpers.
 */
export function rendered(page: Page): Promise<{ entities: string[]; areas: string[] }> {
  return page.evaluate(() => {
    const entities = new Set<string>();
    const areas = new Set<string>();
    const roots: Array<Document | ShadowRoot> = [document];
    for (let root = roots.pop(); root !== undefined; root = roots.pop()) {
      for (const el of root.querySelectorAll("*")) {
        const tag = el.tagName.toLowerCase();
        const config = (el as unknown as { _config?: { entity?: unknown; area?: unknown } })._config;
        if (/^hui-.*(-card|-row)$/.test(tag) && typeof config?.entity === "string")
          entities.add(config.entity);
        if (tag === "hui-area-card" && typeof config?.area === "string") areas.add(config.area);
        if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    return { entities: [...entities].sort(), areas: [...areas].sort() };
  });
}

/** The sidebar's links (`ha-sidebar`), by their path. */
export function sidebarLinks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found = new Set<string>();
    const sidebar = document
      .querySelector("home-assistant")
      ?.shadowRoot?.querySelector("home-assistant-main")
      ?.shadowRoot?.querySelector("ha-sidebar");
    const roots: ShadowRoot[] = sidebar?.shadowRoot ? [sidebar.shadowRoot] : [];
    for (let root = roots.pop(); root !== undefined; root = roots.pop()) {
      for (const el of root.querySelectorAll("*")) {
        const href = el.getAttribute("href");
        if (href?.startsWith("/")) found.add(href);
        if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    return [...found].sort();
  });
}

/** Waits until HA's interface has rendered at least one Lovelace card (its Overview is up). */
export async function overviewShown(page: Page): Promise<void> {
  await eventually(
    async () => {
      const { entities, areas } = await rendered(page);
      return entities.length + areas.length > 0;
    },
    "HA's Overview to render cards",
    WAIT_MS * 3,
  );
}

/**
 * Taps the icon of the tile card showing `entityId`, as a finger would: a light's tile toggles it
 * there (home-assistant/frontend src/panels/lovelace/cards/hui-tile-card.ts
 * getEntityDefaultTileIconAction). The card is found by its config and marked for the locator.
 */
export async function tapTileIcon(page: Page, entityId: string): Promise<void> {
  const marked = await page.evaluate((id) => {
    const roots: Array<Document | ShadowRoot> = [document];
    for (let root = roots.pop(); root !== undefined; root = roots.pop()) {
      for (const el of root.querySelectorAll("*")) {
        const config = (el as unknown as { _config?: { entity?: unknown } })._config;
        if (el.tagName.toLowerCase() === "hui-tile-card" && config?.entity === id) {
          el.setAttribute("data-e2e-entity", id);
          return true;
        }
        if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    return false;
  }, entityId);
  if (!marked) throw new Error(`no tile card shows ${entityId}`);
  await page.locator(`hui-tile-card[data-e2e-entity="${entityId}"] ha-tile-icon`).click();
}

/** The entity registry for display as HAsync answered it (`config/entity_registry/list_for_display`). */
export interface DisplayRegistry {
  entity_categories: Record<string, string>;
  entities: Array<{ ei: string; ec?: number; hb?: boolean }>;
}

/**
 * Of `granted`, the entities HA's generated dashboards leave out by their own rules: a config or
 * diagnostic category, or hidden (home-assistant/frontend
 * src/panels/lovelace/common/generate-lovelace-config.ts, the `hiddenEntities` set).
 */
export function shownByHa(granted: readonly string[], registry: DisplayRegistry): string[] {
  const left = new Set(registry.entities.filter((e) => e.ec !== undefined || e.hb === true).map((e) => e.ei));
  return granted.filter((id) => !left.has(id)).sort();
}

/** The tags of HA's panels and settings pages present in the page (`ha-panel-*`, `ha-config-*`). */
export function panelTags(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const tags = new Set<string>();
    const roots: Array<Document | ShadowRoot> = [document];
    for (let root = roots.pop(); root !== undefined; root = roots.pop()) {
      for (const el of root.querySelectorAll("*")) {
        const tag = el.tagName.toLowerCase();
        if (tag.startsWith("ha-panel-") || tag.startsWith("ha-config-")) tags.add(tag);
        if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    return [...tags].sort();
  });
}

/**
 * A private copy of the built UI for this run's backend (its HASYNC_FRONTEND_DIR). Every e2e run's
 * global setup rebuilds `frontend/dist` in place, emptying it first; on a machine where several
 * runs share the checkout, a backend serving the shared folder can answer 404 for the device app's
 * own script mid-run. The copy is taken once both pages' assets are all there.
 */
export async function privateDist(): Promise<{ dir: string; remove: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-e2e-dist-"));
  const complete = () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(distDir, dir, { recursive: true });
    return ["index.html", "screen.html"].every((page) => {
      const file = path.join(dir, page);
      if (!fs.existsSync(file)) return false;
      const assets = fs.readFileSync(file, "utf8").match(/assets\/[\w.-]+/g) ?? [];
      return assets.length > 0 && assets.every((a) => fs.existsSync(path.join(dir, a)));
    });
  };
  await eventually(async () => complete(), "a complete build of the UI to copy");
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
