import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import { type Backend, stablePort } from "./harness/backend.js";
import { type Browser, launchBrowser, type WatchedPage } from "./harness/browser.js";
import { checkScreen, TABLET, tileIds } from "./harness/screen.js";
import { lightIsOn, pairThisScreen, toggleOf } from "./harness/screen-device.js";
import { type DemoHa, startBackendFor, startDemoHa } from "./harness/screen-ha.js";
import { eventually, heading } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";
const LIGHT = "light.kitchen_spots";

describe("a paired tablet while HAsync or Home Assistant is away", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-e2e-screen-restart-"));
  let ha: DemoHa | undefined;
  let backend: Backend | undefined;
  let browser: Browser | undefined;
  let w: WatchedPage;
  let kitchen: string[] = [];
  let port = 0;

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await ha?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("says it is away while HAsync is down, keeps the last states greyed, and catches up on its own", async () => {
    ha = await startDemoHa();
    port = await stablePort();
    [backend, browser] = await Promise.all([
      startBackendFor(ha, PASSWORD, { dataDir, port }),
      launchBrowser(),
    ]);
    const admin = await AdminApi.signIn(backend.url, PASSWORD);
    kitchen = await admin.entitiesIn("kitchen");
    w = await browser.open(TABLET);
    const { page } = w;
    w.allow("/api/v1/screen/session", 401);
    await page.goto(`${backend.url}/`);
    const pairing = await pairThisScreen(page, "Kitchen tablet");
    await admin.approve({ user_code: pairing.user_code, scope: { areas: ["kitchen"], access: "control" } });
    await eventually(async () => (await tileIds(page)).length === kitchen.length, "the kitchen's tiles");
    expect(await lightIsOn(page, LIGHT)).toBe(false);

    // The dashboard's reads (icon chunks among them) are done: stopping HAsync must not fail them.
    await w.settled();
    // While HAsync is down the app's reconnect attempts fail: that is the point here.
    w.allow("/api/v1/screen/", "net::ERR_CONNECTION_REFUSED");
    w.allow("/api/websocket", "net::ERR_CONNECTION_REFUSED");
    await backend.stop();
    const banner = page.getByRole("status").filter({ hasText: "Reconnecting to HAsync" });
    await banner.waitFor();
    // The last known states stay on screen while away, greyed: no control can be used.
    expect(await tileIds(page)).toEqual(kitchen);
    expect(await toggleOf(page, LIGHT).isDisabled()).toBe(true);
    // Greyed is not faint: the last known states stay readable (contrast) in both schemes.
    expect(await checkScreen(page, null)).toEqual([]);

    // Home Assistant changes meanwhile; the tablet must show it once HAsync is back.
    ha.setState(LIGHT, "on");
    backend = await startBackendFor(ha, PASSWORD, { dataDir, port });
    await eventually(() => lightIsOn(page, LIGHT), "the tablet to catch up with the light");
    await banner.waitFor({ state: "hidden" });
    expect(await toggleOf(page, LIGHT).isDisabled()).toBe(false);
    expect(await tileIds(page)).toEqual(kitchen);
    expect(w.problems).toEqual([]);
  });

  it("says so while Home Assistant is away and HAsync stays, then shows what changed meanwhile", async () => {
    const { page } = w;
    const live = ha as DemoHa;
    const banner = page.getByRole("status").filter({ hasText: "Home Assistant is not reachable" });
    // Like Home Assistant restarting: its sockets drop and it refuses new ones for a while.
    live.setAvailable(false);
    live.dropConnections();
    await banner.waitFor();
    expect(await tileIds(page)).toEqual(kitchen);
    expect(await toggleOf(page, LIGHT).isDisabled()).toBe(true);
    expect(await checkScreen(page, null)).toEqual([]);

    live.setState(LIGHT, "off");
    live.setAvailable(true);
    await banner.waitFor({ state: "hidden" });
    await eventually(async () => !(await lightIsOn(page, LIGHT)), "the tablet to show the light off");
    expect(await toggleOf(page, LIGHT).isDisabled()).toBe(false);
    expect(w.problems).toEqual([]);
  });

  it("restarted while HAsync is away, it starts from the service worker's shell and says so, then returns", async () => {
    const { page } = w;
    const live = ha as DemoHa;
    // The shell is cached by the service worker once it controls the page.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null);
    await (backend as Backend).stop();
    await page.reload();
    await heading(page, "HAsync could not be reached");

    live.setState(LIGHT, "on");
    backend = await startBackendFor(live, PASSWORD, { dataDir, port });
    // It retries on its own (with a growing pause); "Try now" is what a person would press.
    const tryNow = page.getByRole("button", { name: "Try now" });
    await eventually(async () => {
      if (await tryNow.isVisible()) await tryNow.click().catch(() => undefined);
      return (await tileIds(page)).length === kitchen.length;
    }, "the dashboard to come back");
    await eventually(() => lightIsOn(page, LIGHT), "the light as Home Assistant has it");
    expect(w.problems).toEqual([]);
  });
});
