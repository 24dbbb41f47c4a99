import type { DeviceCodeRequest, Scope } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser, screenshot } from "./harness/browser.js";
import { TestDevice } from "./harness/device.js";
import { type IngressProxy, startIngressProxy } from "./harness/ingress-proxy.js";
import { heading, overflowsSideways, unlabelledControls } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";
const LAYOUTS = [
  { name: "desktop-light", width: 1280, height: 860, colorScheme: "light" },
  { name: "desktop-dark", width: 1280, height: 860, colorScheme: "dark" },
  { name: "tablet-light", width: 820, height: 1180, colorScheme: "light" },
  { name: "phone-light", width: 390, height: 844, colorScheme: "light" },
  { name: "phone-dark", width: 390, height: 844, colorScheme: "dark" },
] as const;

/** Every screen, seeded with a believable household: paired devices, one waiting, some history. */
describe("every screen on desktop, tablet and phone, light and dark", () => {
  let backend: Backend;
  let proxy: IngressProxy;
  let browser: Browser;
  let deviceId = "";
  let waiting = "";
  const devices: TestDevice[] = [];

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD }),
      launchBrowser(),
    ]);
    proxy = await startIngressProxy(backend.url, "screensTok3n", {
      id: "u1",
      name: "anna",
      displayName: "Anna",
    });
    const admin = await AdminApi.signIn(backend.url, PASSWORD);
    const pair = async (request: DeviceCodeRequest, scope: Scope, expires_at?: string) => {
      const device = new TestDevice(backend.url, request);
      devices.push(device);
      const code = await device.startPairing();
      const record = await admin.approve({
        user_code: code.user_code,
        scope,
        ...(expires_at ? { expires_at } : {}),
      });
      return { device, record };
    };
    const read = (areas: string[]): Scope => ({ areas, entities: [], exclude: [], access: "read" });
    const tablet = await pair(
      { name: "Kitchen tablet", type: "tablet", model: "Fire HD 10" },
      {
        areas: ["kitchen", "living_room"],
        entities: ["light.hallway"],
        exclude: ["switch.coffee_maker"],
        access: "control",
      },
    );
    deviceId = tablet.record.id;
    await pair({ name: "Living room TV", type: "tv" }, read(["living_room"]));
    const guest = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await pair({ name: "Guest phone", type: "phone" }, { ...read(["garden"]), access: "control" }, guest);
    // The tablet's dashboard is connected, so it shows as online.
    await tablet.device.decision();
    const dashboard = tablet.device.watch();
    await dashboard.watch.ready;
    const pending = new TestDevice(backend.url, {
      name: "Bedroom display",
      type: "tablet",
      model: "Lenovo M10",
    });
    devices.push(pending);
    waiting = (await pending.startPairing()).user_code;
  });
  afterAll(async () => {
    for (const d of devices) d.stop();
    await browser?.close();
    await proxy?.stop();
    await backend?.stop();
  });

  for (const layout of LAYOUTS) {
    it(`${layout.name}: fits, labels every control, and logs no error`, async () => {
      const w = await browser.open(layout);
      const { page } = w;
      const screens: Array<[string, string, string | RegExp]> = [
        ["overview", "", "Overview"],
        ["approve", `pair?code=${waiting}`, "Approve a device"],
        ["devices", "devices", "Devices"],
        ["device", `devices/${deviceId}`, /Kitchen tablet/],
        ["activity", "activity", "Activity"],
        ["settings", "settings", "Settings"],
      ];
      for (const [name, path, title] of screens) {
        await page.goto(`${proxy.entry}${path}`);
        await heading(page, title);
        await page.getByRole("status").filter({ hasText: "Live" }).waitFor();
        await page.locator(".loading").first().waitFor({ state: "detached" });
        if (name === "approve") {
          // The server's answer for the scope with Living Room, which the screenshot shows.
          const resolved = page.waitForResponse(
            (r) =>
              r.url().endsWith("/admin/scope/resolve") &&
              (r.request().postData() ?? "").includes("living_room"),
          );
          await page.getByRole("checkbox", { name: "Living Room", exact: true }).check();
          await page.getByRole("button", { name: "Show entities in Living Room" }).click();
          await page.locator(".entity-count", { hasText: "entities" }).waitFor();
          await resolved;
          // The count may be an earlier answer while the checked area's own resolve is still in
          // flight; leaving the screen then would abort it (a failed request, not what this checks).
          await w.settled();
        }
        expect(await unlabelledControls(page), `${name}: unlabelled controls`).toEqual([]);
        expect(await overflowsSideways(page), `${name}: wider than the screen`).toBe(false);
        await screenshot(page, `${name}-${layout.name}`);
      }
      expect(proxy.escaped).toEqual([]);
      expect(w.problems).toEqual([]);
      await w.close();
    });
  }

  it("works from the keyboard: skip link, tabs, focus moves to the new screen", async () => {
    const w = await browser.open();
    const { page } = w;
    await page.goto(proxy.entry);
    await heading(page, "Overview");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    expect(page.url()).toBe(proxy.entry);

    await page.keyboard.press("Shift+Tab");
    for (let i = 0; i < 20; i++) {
      if ((await page.evaluate(() => document.activeElement?.textContent)) === "Devices") break;
      await page.keyboard.press("Shift+Tab");
    }
    await page.keyboard.press("Enter");
    await heading(page, "Devices");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    expect(w.problems).toEqual([]);
    await w.close();
  });
});
