import type { ScreenPairing } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import type { Backend } from "./harness/backend.js";
import { type Browser, launchBrowser, type WatchedPage } from "./harness/browser.js";
import { REVOKE_BOUND_MS } from "./harness/limits.js";
import {
  checkScreen,
  forgetShown,
  recordWhenShown,
  shownAt,
  TABLET,
  TABLET_PORTRAIT,
  tileIds,
} from "./harness/screen.js";
import { approveInUi, revokeInUi, signInAdmin } from "./harness/screen-admin.js";
import {
  lightIsOn,
  PAIRING_HEADING,
  pairThisScreen,
  recordEveryTile,
  tabTo,
  tilesEverShown,
  toggleOf,
} from "./harness/screen-device.js";
import { type DemoHa, haState, startBackendFor, startDemoHa } from "./harness/screen-ha.js";
import { eventually, heading } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";
const LIGHT = "light.kitchen_spots";

describe("a wall tablet pairs itself, shows exactly its scope live, and is cut off when revoked", () => {
  let ha: DemoHa;
  let backend: Backend;
  let browser: Browser;
  let admin: AdminApi;
  let adminUi: WatchedPage;
  let tablet: WatchedPage;
  let second: WatchedPage;
  let deviceId = "";
  /** The kitchen's and living room's entities as the admin API resolves areas: what the scope grants. */
  let granted: string[] = [];

  beforeAll(async () => {
    ha = await startDemoHa();
    [backend, browser] = await Promise.all([startBackendFor(ha, PASSWORD), launchBrowser()]);
    admin = await AdminApi.signIn(backend.url, PASSWORD);
    granted = [...(await admin.entitiesIn("kitchen")), ...(await admin.entitiesIn("living_room"))].sort();
    adminUi = await browser.open();
    await signInAdmin(adminUi, backend.url, PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await ha?.stop();
  });

  it("pairs by code at 1024×768: name, code and QR, approval in the admin UI, then the scope's tiles", async () => {
    tablet = await browser.open(TABLET);
    const { page } = tablet;
    // A browser that was never paired: the app's first question is answered "no session".
    tablet.allow("/api/v1/screen/session", 401);
    await recordWhenShown(page, "pairing", "h1", PAIRING_HEADING);
    await recordEveryTile(page);
    await page.goto(`${backend.url}/`);
    await heading(page, PAIRING_HEADING);
    expect(await checkScreen(page, "pairing")).toEqual([]);

    const pairing: ScreenPairing = await pairThisScreen(page, "Kitchen tablet");
    await page.getByText(pairing.user_code).waitFor();
    await page.getByRole("img", { name: /^QR code/ }).waitFor();
    expect(await checkScreen(page, "waiting")).toEqual([]);

    deviceId = await approveInUi(adminUi.page, pairing.approve_url, pairing.user_code, [
      "Kitchen",
      "Living Room",
    ]);
    await eventually(async () => (await tileIds(page)).length === granted.length, "the scope's tiles");
    expect(await tileIds(page)).toEqual(granted);
    expect(await checkScreen(page, "dashboard-tablet")).toEqual([]);

    // The credential lives in an HttpOnly cookie: nothing the page's scripts can read holds it.
    const readable = await page.evaluate(() => [
      document.cookie,
      ...Object.values(localStorage),
      ...Object.values(sessionStorage),
    ]);
    expect(readable.filter((v) => v.includes("hasync_"))).toEqual([]);
    // The session is kept: a reload (or a reboot of the tablet) shows the dashboard again.
    await page.reload();
    await eventually(async () => (await tileIds(page)).length === granted.length, "the tiles after a reload");
    expect(tablet.problems).toEqual([]);
  });

  it("a light toggled from the keyboard changes in Home Assistant and on a second tablet, and back by touch", async () => {
    second = await browser.open(TABLET_PORTRAIT);
    second.allow("/api/v1/screen/session", 401);
    await recordEveryTile(second.page);
    await second.page.goto(`${backend.url}/`);
    const pairing = await pairThisScreen(second.page, "Hall tablet");
    await admin.approve({
      user_code: pairing.user_code,
      scope: { areas: ["kitchen", "living_room"], access: "control" },
    });
    await eventually(
      async () => (await tileIds(second.page)).length === granted.length,
      "the second tablet's tiles",
    );
    expect(await haState(ha, LIGHT)).toBe("off");

    // Tab reaches the light's control; Enter toggles it, as a switch does.
    await tabTo(tablet.page, toggleOf(tablet.page, LIGHT));
    await tablet.page.keyboard.press("Enter");
    await eventually(async () => (await haState(ha, LIGHT)) === "on", "Home Assistant's light to turn on");
    expect(ha.serviceCalls.some((c) => c.domain === "light" && JSON.stringify(c).includes(LIGHT))).toBe(true);
    await eventually(() => lightIsOn(second.page, LIGHT), "the second tablet to show the light on");

    await tablet.page.keyboard.press("Space");
    await eventually(async () => (await haState(ha, LIGHT)) === "off", "Space to turn it off again");
    await eventually(async () => !(await lightIsOn(second.page, LIGHT)), "the second tablet to show it off");

    await toggleOf(second.page, LIGHT).click();
    await eventually(async () => (await haState(ha, LIGHT)) === "on", "a tap to turn it on");
    await eventually(() => lightIsOn(tablet.page, LIGHT), "the first tablet to show it on");
    for (const w of [tablet, second]) {
      const seen = await tilesEverShown(w.page);
      expect(seen.filter((id) => !granted.includes(id))).toEqual([]);
    }
    expect(tablet.problems).toEqual([]);
    expect(second.problems).toEqual([]);
  });

  it("revoked in the admin UI, the tablet is back on “Pair this screen” at once; the other tablet stays", async () => {
    const { page } = tablet;
    // After the revoke the app's session and ticket reads are refused: that is how it learns.
    tablet.allow("/api/v1/screen/", 401);
    await forgetShown(page, "pairing");
    const revokedAt = await revokeInUi(adminUi.page, backend.url, deviceId, "Kitchen tablet");
    const pairingAt = await shownAt(page, "pairing");
    const elapsed = Math.round(pairingAt - revokedAt);
    console.log(`revoke → "${PAIRING_HEADING}" on the tablet: ${elapsed} ms (issue 13: under 1 s)`);
    expect(elapsed).toBeLessThan(REVOKE_BOUND_MS);
    await heading(page, PAIRING_HEADING);
    expect(await tileIds(page)).toEqual([]);

    expect(await tileIds(second.page)).toEqual(granted);
    expect(tablet.problems).toEqual([]);
    expect(second.problems).toEqual([]);
    expect(adminUi.problems).toEqual([]);
  });

  it("“Unpair this screen” asks first, then the tablet is back on pairing and gone from the admin's devices", async () => {
    const { page } = second;
    second.allow("/api/v1/screen/", 401);
    await page.getByRole("button", { name: "Unpair this screen" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Unpair this screen?" });
    await dialog.waitFor();
    expect(await checkScreen(page, null)).toEqual([]);
    // Cancel has the focus: Enter keeps the screen paired.
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    expect(await tileIds(page)).toEqual(granted);

    await page.getByRole("button", { name: "Unpair this screen" }).click();
    await dialog.getByRole("button", { name: "Unpair", exact: true }).click();
    await heading(page, PAIRING_HEADING);
    const { devices } = await admin.call<{ devices: Array<{ name: string }> }>("GET", "admin/devices");
    expect(devices.map((d) => d.name)).not.toContain("Hall tablet");
    expect(second.problems).toEqual([]);
  });
});
