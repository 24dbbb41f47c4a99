import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Device, HaDashboardList, InterfaceStatus, ScreenPairing } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import { checkAdminScreen } from "./harness/admin-shots.js";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser, type WatchedPage } from "./harness/browser.js";
import type { TestDevice } from "./harness/device.js";
import { repoRoot } from "./harness/paths.js";
import { heading, navTo, overflowsSideways, signIn } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";

/**
 * The admin's two choices for HA's own interface (issue 14): which interface the device address
 * serves (Settings) and which of HA's dashboards a device may open (the device's page), against
 * the real backend with its embedded demo Home Assistant, which has no HA interface to serve.
 */
describe("choosing the interface devices get", () => {
  let backend: Backend;
  let browser: Browser;
  let w: WatchedPage;
  let admin: AdminApi;
  let tablet: TestDevice | undefined;
  let record: Device;

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD }),
      launchBrowser(),
    ]);
    admin = await AdminApi.signIn(backend.url, PASSWORD);
    ({ device: tablet, record } = await admin.pairDevice(
      { name: "Kitchen tablet", type: "tablet" },
      { areas: ["kitchen"], access: "control" },
    ));
    w = await browser.open({ height: 900 });
    w.allow("/api/v1/auth/me", 401);
    await w.page.goto(`${backend.url}/admin/`);
    await signIn(w.page, PASSWORD, "Overview");
  });
  afterAll(async () => {
    tablet?.stop();
    await browser?.close();
    await backend?.stop();
  });

  it("says why HA's interface is not available in the demo, and keeps the choice across a reload", async () => {
    const { page } = w;
    const before = await admin.call<InterfaceStatus>("GET", "admin/interface-settings");
    expect(before).toMatchObject({ device_interface: "hasync", ha_frontend: { available: false } });
    expect(before.ha_frontend.reason).toBeTruthy();

    await navTo(page, "Settings", "Settings");
    const card = page.getByRole("region", { name: "Interface on devices" });
    await card.getByText("Home Assistant’s interface is not available here.").waitFor();
    const reason = (before.ha_frontend.reason ?? "").replace(/\.$/, "").toLowerCase();
    const notice = await card.getByRole("status").first().textContent();
    expect(notice?.toLowerCase()).toContain(reason);
    const ours = card.getByRole("radio", { name: /HAsync’s dashboard/ });
    const ha = card.getByRole("radio", { name: /Home Assistant’s own interface/ });
    expect(await ours.isChecked()).toBe(true);

    // Keyboard only: from the checked radio to the other, then the save button.
    await ours.focus();
    await page.keyboard.press("ArrowDown");
    expect(await ha.isChecked()).toBe(true);
    await card.getByRole("button", { name: "Use Home Assistant’s interface" }).click();
    await card.getByText("Saved: devices get Home Assistant’s interface once it is available.").waitFor();
    expect(await checkAdminScreen(page, "interface-settings", "#interface-settings")).toEqual([]);
    expect((await admin.call<InterfaceStatus>("GET", "admin/interface-settings")).device_interface).toBe(
      "home_assistant",
    );

    await page.reload();
    await heading(page, "Settings");
    await page.getByRole("radio", { name: /Home Assistant’s own interface/, checked: true }).waitFor();
    expect(await page.getByRole("radio", { name: /HAsync’s dashboard/ }).isChecked()).toBe(false);
    expect(w.problems).toEqual([]);
  });

  it("sets a device's dashboards with a PATCH that survives a reload", async () => {
    const { page } = w;
    const list = await admin.call<HaDashboardList>("GET", "admin/ha/dashboards");
    expect(list.dashboards[0]?.url_path).toBe("lovelace");
    expect(record.dashboards).toEqual([]);
    expect(record.client_id).toBeNull();

    await page.goto(`${backend.url}/admin/devices/${record.id}`);
    await heading(page, /Kitchen tablet/);
    const card = page.getByRole("region", { name: "Home Assistant dashboards" });
    await card.getByText("A dashboard’s cards may name entities outside Kitchen tablet’s scope").waitFor();
    if (list.reason) await card.getByText(list.reason).waitFor();
    expect(await card.getByText("Signed in through Home Assistant’s login").count()).toBe(0);
    const overview = card.getByRole("checkbox", { name: "Home Assistant’s Overview" });
    expect(await overview.isChecked()).toBe(false);
    await overview.check();
    await card.getByRole("button", { name: "Save dashboards" }).click();
    await card.getByText("Saved. The generated Overview and Home Assistant’s Overview.").waitFor();
    expect(await checkAdminScreen(page, "device-dashboards", "#dashboards")).toEqual([]);
    const saved = await admin.call<Device>("GET", `admin/devices/${record.id}`);
    expect(saved.dashboards).toEqual(["lovelace"]);

    await page.reload();
    await heading(page, /Kitchen tablet/);
    await page.getByRole("checkbox", { name: "Home Assistant’s Overview", checked: true }).waitFor();
    expect(w.problems).toEqual([]);
  });

  it("names the Home Assistant login client that paired a device", async () => {
    // The pairing HA's Android app starts at /auth/authorize, as the device app's authorize page
    // sends it, approved by the admin.
    const res = await fetch(`${backend.url}/api/v1/screen/pairing`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: backend.url },
      body: JSON.stringify({
        name: "Anna's phone",
        type: "phone",
        authorize: {
          client_id: "https://home-assistant.io/android",
          redirect_uri: "homeassistant://auth-callback",
        },
      }),
    });
    expect(res.status).toBe(201);
    const pairing = (await res.json()) as ScreenPairing;
    const phone = await admin.approve({
      user_code: pairing.user_code,
      scope: { areas: ["kitchen"], entities: [], exclude: [], access: "read" },
    });
    expect(phone.client_id).toBe("https://home-assistant.io/android");

    const { page } = w;
    await page.goto(`${backend.url}/admin/devices/${phone.id}`);
    await heading(page, /Anna's phone/);
    const card = page.getByRole("region", { name: "Home Assistant dashboards" });
    await card
      .getByText("Signed in through Home Assistant’s login from the Home Assistant app for Android.")
      .waitFor();
    expect(w.problems).toEqual([]);
  });

  it("fits a phone's width on both pages", async () => {
    const phone = await browser.open({ width: 360, height: 780 });
    phone.allow("/api/v1/auth/me", 401);
    await phone.page.goto(`${backend.url}/admin/settings`);
    await signIn(phone.page, PASSWORD, "Settings");
    await phone.page
      .getByRole("region", { name: "Interface on devices" })
      .getByRole("radio")
      .first()
      .waitFor();
    expect(await overflowsSideways(phone.page)).toBe(false);
    await phone.page.goto(`${backend.url}/admin/devices/${record.id}`);
    await heading(phone.page, /Kitchen tablet/);
    await phone.page.getByRole("checkbox", { name: "Home Assistant’s Overview" }).waitFor();
    expect(await overflowsSideways(phone.page)).toBe(false);
    expect(phone.problems).toEqual([]);
    await phone.close();
  });
});

interface FrontendHa {
  readonly url: string;
  readonly token: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The demo Home Assistant from the built backend, serving a one-page `hass_frontend` as HA serves
 * its web interface (the real build is not needed to see that HAsync can serve it).
 */
async function startHaWithInterface(dir: string): Promise<FrontendHa> {
  fs.writeFileSync(
    path.join(dir, "index.html"),
    "<!DOCTYPE html><html><head><title>Home Assistant</title></head><body></body></html>\n",
  );
  const entry = pathToFileURL(path.join(repoRoot, "backend", "dist", "simulator", "index.js")).href;
  const { DemoHomeAssistant } = (await import(entry)) as {
    DemoHomeAssistant: new (options: { driftIntervalMs: number; frontendDir: string }) => FrontendHa;
  };
  const ha = new DemoHomeAssistant({ driftIntervalMs: 0, frontendDir: dir });
  await ha.start();
  return ha;
}

describe("choosing Home Assistant's interface where HAsync can serve it", () => {
  let ha: FrontendHa;
  let backend: Backend;
  let browser: Browser;
  let w: WatchedPage;
  let admin: AdminApi;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-ha-frontend-"));

  beforeAll(async () => {
    ha = await startHaWithInterface(dir);
    [backend, browser] = await Promise.all([
      startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD, HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token }),
      launchBrowser(),
    ]);
    admin = await AdminApi.signIn(backend.url, PASSWORD);
    w = await browser.open({ height: 900 });
    w.allow("/api/v1/auth/me", 401);
    await w.page.goto(`${backend.url}/admin/settings`);
    await signIn(w.page, PASSWORD, "Settings");
  });
  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await ha?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows the HA version whose interface is served, and the device address serves it once chosen", async () => {
    const { page } = w;
    const status = await admin.call<InterfaceStatus>("GET", "admin/interface-settings");
    expect(status.ha_frontend).toMatchObject({ available: true, reason: null });
    const card = page.getByRole("region", { name: "Interface on devices" });
    await card
      .getByText(`Home Assistant’s interface is available (Home Assistant ${status.ha_frontend.version}).`)
      .waitFor();
    const before = await fetch(`${backend.url}/`, { headers: { Accept: "text/html" } });
    expect(await before.text()).not.toContain("<title>Home Assistant</title>");

    await card.getByRole("radio", { name: /Home Assistant’s own interface/ }).check();
    await card.getByRole("button", { name: "Use Home Assistant’s interface" }).click();
    await card.getByText("Devices now get Home Assistant’s interface.").waitFor();
    // Straight from Home Assistant and through HAsync's device address: HA's own page.
    const direct = await (await fetch(`${ha.url}/`, { headers: { Accept: "text/html" } })).text();
    const through = await (await fetch(`${backend.url}/`, { headers: { Accept: "text/html" } })).text();
    expect(direct).toContain("<title>Home Assistant</title>");
    expect(through).toBe(direct);

    // And back: the device address serves HAsync's own app again.
    await card.getByRole("radio", { name: /HAsync’s dashboard/ }).check();
    await card.getByRole("button", { name: "Use HAsync’s dashboard" }).click();
    await card.getByText("Devices now get HAsync’s dashboard.").waitFor();
    const after = await fetch(`${backend.url}/`, { headers: { Accept: "text/html" } });
    expect(await after.text()).not.toContain("<title>Home Assistant</title>");
    expect(w.problems).toEqual([]);
  });
});
