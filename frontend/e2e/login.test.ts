import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser, screenshot } from "./harness/browser.js";
import { TestDevice } from "./harness/device.js";
import { eventually, heading, navTo, signIn } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";

describe("direct access on the LAN port (password sign-in)", () => {
  let backend: Backend;
  let browser: Browser;

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  it("refuses a wrong password in words, signs in at a deep link, survives a reload, signs out", async () => {
    const w = await browser.open();
    w.allow("/api/v1/auth/me", 401);
    w.allow("/api/v1/auth/login", 401);
    const { page } = w;
    await page.goto(`${backend.url}/devices`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await screenshot(page, "login");

    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await page.getByRole("alert").textContent()).toBe("Wrong username or password.");

    await signIn(page, PASSWORD, "Devices");
    // The old link (/devices) was redirected to the admin UI's home on the LAN port, /admin/.
    expect(new URL(page.url()).pathname).toBe("/admin/devices");

    await page.reload();
    await heading(page, "Devices");
    await navTo(page, "Settings", "Settings");
    await page.getByText("You are signed in as admin with the password.").waitFor();
    // The version is read from /health ("Version" itself is a static label, shown at once).
    const version = page.locator('section[aria-labelledby="about"] dd').first();
    await eventually(async () => (await version.textContent()) !== "…", "the version");
    // Signing out ends the session: a read of this screen still on its way would be answered 401.
    await w.settled();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(w.problems).toEqual([]);
    await w.close();
  });

  it("opens the approve screen from the device's verification link and denies the device", async () => {
    const w = await browser.open({ width: 390, height: 844 });
    w.allow("/api/v1/auth/me", 401);
    const { page } = w;
    const device = new TestDevice(backend.url, { name: "Hall kiosk", type: "kiosk" });
    const code = await device.startPairing();
    expect(new URL(code.verification_uri_complete).pathname).toBe("/admin/pair");

    await page.goto(code.verification_uri_complete);
    await signIn(page, PASSWORD, "Approve a device");
    expect(await page.getByLabel("Or enter the code shown on the device").inputValue()).toBe(code.user_code);
    await page.getByText(`Code matches “Hall kiosk”`).waitFor();

    await page.getByRole("button", { name: "Deny", exact: true }).click();
    await heading(page, "Overview");
    await page.getByText("Hall kiosk was denied.").waitFor();
    expect(await device.decision()).toEqual({ refused: "access_denied" });
    expect(w.problems).toEqual([]);
    await w.close();
  });
});

describe("password sign-in turned off", () => {
  it("says why on the login page, and how to get in", async () => {
    const [backend, browser] = await Promise.all([
      startBackend({ HASYNC_ADMIN_PASSWORD: "change-this-password" }),
      launchBrowser(),
    ]);
    try {
      const w = await browser.open({ colorScheme: "dark", width: 390, height: 844 });
      w.allow("/api/v1/auth/me", 401);
      await w.page.goto(`${backend.url}/admin/`);
      await w.page.getByRole("heading", { name: "Password sign-in is turned off" }).waitFor();
      const text = await w.page.locator("main").textContent();
      expect(text).toMatch(/well-known or trivially guessable/);
      expect(text).toMatch(/Home Assistant sidebar/);
      expect(await w.page.locator("input").count()).toBe(0);
      await screenshot(w.page, "login-disabled-phone-dark");
      expect(w.problems).toEqual([]);
    } finally {
      await browser.close();
      await backend.stop();
    }
  });
});
