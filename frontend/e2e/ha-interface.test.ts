import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser, type WatchedPage } from "./harness/browser.js";
import {
  chooseHaInterface,
  type DisplayRegistry,
  HA_INTERFACE_MS,
  overviewShown,
  panelTags,
  privateDist,
  rendered,
  shownByHa,
  sidebarLinks,
  startDemoHaWithFrontend,
  tapTileIcon,
} from "./harness/ha-interface.js";
import { callTable, NON_ADMIN_ANSWERS, unexplainedFailures } from "./harness/ha-interface-answers.js";
import { FIXTURE_REQUIRED, haFrontendFixture } from "./harness/ha-interface-fixture.js";
import { InterfaceTraffic } from "./harness/ha-interface-traffic.js";
import { repoRoot } from "./harness/paths.js";
import { docsScreenshotDir, TABLET } from "./harness/screen.js";
import { approveInUi, revokeInUi, signInAdmin } from "./harness/screen-admin.js";
import { pairThisScreen } from "./harness/screen-device.js";
import { type DemoHa, haState } from "./harness/screen-ha.js";
import { eventually, heading } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";
const NAME = "Kitchen wall tablet";
const LIGHT = "light.kitchen_spots";
/** HAsync's pairing screen in its authorize mode (frontend/src/screen/authorize). */
const SIGN_IN = "Sign in to Home Assistant";
/** Panels a non-admin device must never be offered: settings and the whole-house tools. */
const WHOLE_HOUSE = ["/config", "/developer-tools", "/hassio", "/energy", "/logbook", "/map", "/history"];

const fixture = haFrontendFixture();
const skip = "missing" in fixture && !FIXTURE_REQUIRED;
if (skip) console.warn(`Skipping HA's interface proof: ${fixture.missing}`);

describe.skipIf(skip)(
  "Home Assistant's own interface on a device: HAsync's pairing is its login, and it shows exactly the scope",
  () => {
    let ha: DemoHa;
    let backend: Backend;
    let browser: Browser;
    let admin: AdminApi;
    let adminUi: WatchedPage;
    let tablet: WatchedPage;
    let traffic: InterfaceTraffic;
    let ui: { remove: () => void; dir: string } | undefined;
    let deviceId = "";
    const granted: Record<string, string[]> = {};

    beforeAll(async () => {
      if ("missing" in fixture) throw new Error(`CI must run HA's interface proof: ${fixture.missing}`);
      ha = await startDemoHaWithFrontend(fixture.dir);
      ui = await privateDist();
      [backend, browser] = await Promise.all([
        startBackend({
          HASYNC_ADMIN_PASSWORD: PASSWORD,
          HASYNC_HA_URL: ha.url,
          HASYNC_HA_TOKEN: ha.token,
          HASYNC_FRONTEND_DIR: ui.dir,
        }),
        launchBrowser(),
      ]);
      admin = await AdminApi.signIn(backend.url, PASSWORD);
      for (const area of ["kitchen", "living_room"]) granted[area] = await admin.entitiesIn(area);
      const status = await chooseHaInterface(admin);
      expect(status.ha_frontend.version).toBe("2026.11.3");
      adminUi = await browser.open();
      await signInAdmin(adminUi, backend.url, PASSWORD);
      tablet = await browser.open(TABLET);
      traffic = await InterfaceTraffic.attach(tablet.page, tablet.context);
    });
    afterAll(async () => {
      if (traffic) {
        const out = path.join(repoRoot, "artifacts", "ha-interface-calls.md");
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, `${callTable(traffic)}\n`);
      }
      await browser?.close();
      await backend?.stop();
      await ha?.stop();
    });

    it("HA's interface loads from HAsync, its sign-in is HAsync's pairing screen, and once approved its Overview has exactly the scope's areas", async () => {
      const { page } = tablet;
      // The device address answers HA's own page (HA's index, as HAsync fetched it from HA).
      const index = await fetch(`${backend.url}/`, { headers: { Accept: "text/html" } });
      expect(await index.text()).toContain("<home-assistant></home-assistant>");
      await page.goto(`${backend.url}/`);
      // getAuth() finds no tokens and sends the browser to HA's login: HAsync's pairing screen.
      await page.waitForURL((url) => url.pathname === "/auth/authorize", { timeout: HA_INTERFACE_MS });
      await heading(page, SIGN_IN);
      const pairing = await pairThisScreen(page, NAME);
      deviceId = await approveInUi(adminUi.page, pairing.approve_url, pairing.user_code, [
        "Kitchen",
        "Living Room",
      ]);

      await page.waitForURL((url) => url.origin === backend.url && url.pathname.startsWith("/home"), {
        timeout: HA_INTERFACE_MS,
      });
      await overviewShown(page);
      await eventually(async () => (await rendered(page)).areas.length === 2, "the Overview's area cards");
      expect((await rendered(page)).areas).toEqual(["kitchen", "living_room"]);
      // The Overview's own tiles (favourites, common controls) are the scope's entities too.
      const everything = [...(granted.kitchen ?? []), ...(granted.living_room ?? [])];
      expect((await rendered(page)).entities.filter((e) => !everything.includes(e))).toEqual([]);
      // Its heading is a template naming only the user (rendered by HAsync, no state read).
      await page.getByRole("heading", { name: `Welcome ${NAME}` }).waitFor({ timeout: HA_INTERFACE_MS });
      fs.mkdirSync(docsScreenshotDir, { recursive: true });
      await page.screenshot({
        path: path.join(docsScreenshotDir, "ha-interface-overview.png"),
        animations: "disabled",
      });
    });

    it("each area shows exactly the scope's entities there, and a light tapped on its tile changes in Home Assistant", async () => {
      const { page } = tablet;
      const registry = traffic.calls("config/entity_registry/list_for_display").at(-1)?.answer
        ?.result as DisplayRegistry;
      // The registry the interface was given is the scope, nothing more.
      const everything = [...(granted.kitchen ?? []), ...(granted.living_room ?? [])].sort();
      expect(registry.entities.map((e) => e.ei).sort()).toEqual(everything);

      for (const [area, card] of [
        ["kitchen", "Kitchen"],
        ["living_room", "Living Room"],
      ] as const) {
        await page.goto(`${backend.url}/home/areas-${area}`);
        const expected = shownByHa(granted[area] ?? [], registry);
        await eventually(
          async () => (await rendered(page)).entities.length >= expected.length,
          `the ${card} view's cards`,
          HA_INTERFACE_MS,
        );
        expect((await rendered(page)).entities).toEqual(expected);
      }

      await page.goto(`${backend.url}/home/areas-kitchen`);
      await eventually(
        async () => (await rendered(page)).entities.includes(LIGHT),
        "the light's tile",
        HA_INTERFACE_MS,
      );
      expect(await haState(ha, LIGHT)).toBe("off");
      await tapTileIcon(page, LIGHT);
      await eventually(async () => (await haState(ha, LIGHT)) === "on", "Home Assistant's light to turn on");
      expect(ha.serviceCalls.some((c) => c.domain === "light" && JSON.stringify(c).includes(LIGHT))).toBe(
        true,
      );
      // The interface hears HA's answer to its call, as from HA (`result` with the call's context).
      const call = traffic.calls("call_service").find((c) => JSON.stringify(c.payload).includes(LIGHT));
      await eventually(async () => call?.answer !== undefined, "the answer to the light's call_service");
      expect(call?.answer?.success).toBe(true);
    });

    it("offers no settings: the sidebar has no Settings or whole-house panels, and /config shows none", async () => {
      const { page } = tablet;
      await page.goto(`${backend.url}/home/overview`);
      await overviewShown(page);
      const links = await sidebarLinks(page);
      expect(links.filter((l) => WHOLE_HOUSE.some((p) => l.startsWith(p)))).toEqual([]);
      const settings = (tags: string[]) =>
        tags.filter((t) => t.startsWith("ha-config") || t === "ha-panel-config");

      // In the app, as HA's own navigate() does it: with no config panel among the device's panels,
      // the panel resolver sends it to the default panel (src/layouts/partial-panel-resolver.ts).
      await page.evaluate(() => {
        history.pushState(null, "", "/config/dashboard");
        window.dispatchEvent(new CustomEvent("location-changed", { detail: { replace: false } }));
      });
      await page.waitForURL((url) => url.pathname.startsWith("/home"), { timeout: HA_INTERFACE_MS });
      expect(settings(await panelTags(page))).toEqual([]);

      // Loaded at the device address, as a typed URL or a bookmark would: HA's page, the same result.
      const answer = await page.goto(`${backend.url}/config/dashboard`);
      expect(answer?.status()).toBe(200);
      await page.waitForURL((url) => url.pathname.startsWith("/home"), { timeout: HA_INTERFACE_MS });
      await overviewShown(page);
      expect(settings(await panelTags(page))).toEqual([]);
    });

    it("revoking the device in the admin UI returns the interface to the pairing screen", async () => {
      const { page } = tablet;
      await page.goto(`${backend.url}/home/overview`);
      await overviewShown(page);
      await revokeInUi(adminUi.page, backend.url, deviceId, NAME);
      await page.waitForURL((url) => url.pathname === "/auth/authorize", { timeout: HA_INTERFACE_MS });
      await heading(page, SIGN_IN);
    });

    it("through all of it, no request got an error HA would not give a non-admin, and nothing tried to leave the machine", async () => {
      expect(NON_ADMIN_ANSWERS.length).toBeGreaterThan(0);
      expect(unexplainedFailures(traffic)).toEqual([]);
      // Commands the page sent last may still be on their way: every one is answered.
      await eventually(async () => traffic.unanswered().length === 0, "answers to every command sent").catch(
        () => undefined,
      );
      expect(traffic.unanswered()).toEqual([]);
      expect(traffic.pageErrors).toEqual([]);
      expect(traffic.external).toEqual([]);
    });
  },
);
