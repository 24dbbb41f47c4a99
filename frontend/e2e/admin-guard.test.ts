import type { Device, DevicePatch, ScopeResolveResponse } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import { checkAdminScreen } from "./harness/admin-shots.js";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser, type WatchedPage } from "./harness/browser.js";
import { TestDevice } from "./harness/device.js";
import { heading, signIn } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";
const HALLWAY = [
  "alarm_control_panel.home_alarm",
  "binary_sensor.hallway_motion",
  "light.hallway",
  "lock.front_door",
  "sensor.front_door_lock_battery",
];

/** The guard rails in the device page's scope picker (issue 15): set, previewed, saved, kept. */
describe("the scope picker's guard rails", () => {
  let backend: Backend;
  let browser: Browser;
  let w: WatchedPage;
  let admin: AdminApi;
  let device: Device;
  let pairing: TestDevice | undefined;
  let agent: TestDevice | undefined;

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD }),
      launchBrowser(),
    ]);
    admin = await AdminApi.signIn(backend.url, PASSWORD);
    ({ device: pairing, record: device } = await admin.pairDevice(
      { name: "Hall tablet", type: "tablet" },
      { areas: ["hallway"], access: "control" },
    ));
    w = await browser.open({ height: 1000 });
    w.allow("/api/v1/auth/me", 401);
    await w.page.goto(`${backend.url}/admin/`);
    await signIn(w.page, PASSWORD, "Overview");
  });
  afterAll(async () => {
    pairing?.stop();
    agent?.stop();
    await browser?.close();
    await backend?.stop();
  });

  it("sets access per kind and per entity and a limit, previews them, saves them, and shows them again", async () => {
    // The demo home's hallway, as this test counts it.
    expect(await admin.entitiesIn("hallway")).toEqual(HALLWAY);
    const { page } = w;
    await page.goto(`${backend.url}/admin/devices/${device.id}`);
    await heading(page, /Hall tablet/);
    const counts = page.locator(".access-counts");
    const askFirst = page.locator(".ask-first");
    // Control by default, with the lock and the alarm panel asking first, as effectiveAccess says.
    await counts.getByText("Controls 3 · Asks you first for 2", { exact: true }).waitFor();
    await askFirst.getByText("Asks you first: Front Door, Home Alarm", { exact: true }).waitFor();
    expect(await page.getByRole("option", { name: "Default (Ask first)" }).count()).toBeGreaterThan(0);

    await page.getByLabel("Sensors", { exact: true }).selectOption("hidden");
    await page.getByLabel("Binary sensors", { exact: true }).selectOption("read");
    await page.getByRole("button", { name: "Show entities in Hallway" }).click();
    const door = page.getByLabel("Access for Front Door", { exact: true });
    expect(await door.locator("option:checked").textContent()).toBe("Default (Ask first)");
    await door.selectOption("control");
    await counts
      .getByText("Controls 2 · Asks you first for 1 · Sees 1 · Hidden 1", { exact: true })
      .waitFor();
    await askFirst.getByText("Asks you first: Home Alarm", { exact: true }).waitFor();
    // The summary says it from the server's resolve, where the hidden battery is gone.
    await page
      .getByText("Hall tablet will see 4 entities; it may control 2 and asks you first for 1.")
      .waitFor();

    await page.locator(".limits summary").click();
    await page.getByLabel("Light brightness at most").fill("60");
    await page.getByLabel("Climate temperature from").fill("16");
    await page.getByLabel("Climate temperature to").fill("24");
    await page.locator(".limits summary").getByText("2 set").waitFor();
    expect(await checkAdminScreen(page, "guard", ".scope-card .access")).toEqual([]);

    const answer = page.waitForResponse(
      (r) => r.request().method() === "PATCH" && r.url().endsWith(`/api/v1/admin/devices/${device.id}`),
    );
    await page.getByRole("button", { name: "Save scope" }).click();
    const response = await answer;
    expect(response.status()).toBe(200);
    const sent = response.request().postDataJSON() as DevicePatch;
    expect(sent.scope).toMatchObject({
      areas: ["hallway"],
      access: "control",
      domain_access: { binary_sensor: "read", sensor: "hidden" },
      entity_access: { "lock.front_door": "control" },
      limits: { light_brightness_pct: { max: 60 }, climate_temperature: { min: 16, max: 24 } },
    });
    await page.getByText("Saved. The device sees the new scope now.").waitFor();

    // The server resolves the same: the hidden battery is gone, the rest with the access shown.
    const resolved = await admin.call<ScopeResolveResponse>("POST", "admin/scope/resolve", sent.scope);
    expect(resolved.entity_ids).not.toContain("sensor.front_door_lock_battery");
    expect(resolved.access).toMatchObject({
      "lock.front_door": "control",
      "alarm_control_panel.home_alarm": "confirm",
      "binary_sensor.hallway_motion": "read",
      "light.hallway": "control",
    });

    await page.reload();
    await heading(page, /Hall tablet/);
    await counts
      .getByText("Controls 2 · Asks you first for 1 · Sees 1 · Hidden 1", { exact: true })
      .waitFor();
    expect(await page.getByLabel("Sensors", { exact: true }).inputValue()).toBe("hidden");
    expect(await page.getByLabel("Binary sensors", { exact: true }).inputValue()).toBe("read");
    await page.getByRole("button", { name: "Show entities in Hallway" }).click();
    expect(await page.getByLabel("Access for Front Door", { exact: true }).inputValue()).toBe("control");
    // Limits that are set open their section.
    expect(await page.getByLabel("Light brightness at most").inputValue()).toBe("60");
    expect(await page.getByRole("button", { name: "Save scope" }).isDisabled()).toBe(true);
    expect(w.problems).toEqual([]);
  });

  it("sets the device's call rate and resets it to the default", async () => {
    const { page } = w;
    const card = page.getByRole("region", { name: "Call rate" });
    await card.getByText("Default (600 a minute)").waitFor();
    await card.getByRole("button", { name: "Change rate" }).click();
    await card.getByLabel("Calls a minute").fill("30");
    await card.getByLabel("At once").fill("3");
    await card.getByRole("button", { name: "Save rate" }).click();
    await card.getByText("30 a minute, 3 at once").waitFor();
    expect((await admin.call<Device>("GET", `admin/devices/${device.id}`)).rate).toEqual({
      per_minute: 30,
      burst: 3,
    });
    await card.getByRole("button", { name: "Reset to default" }).click();
    await card.getByText("Default (600 a minute)").waitFor();
    expect((await admin.call<Device>("GET", `admin/devices/${device.id}`)).rate).toBeNull();
    expect(w.problems).toEqual([]);
  });

  it("approves an AI agent read-only unless the admin says otherwise", async () => {
    const { page } = w;
    agent = new TestDevice(backend.url, { name: "Assistant", type: "ai_agent" });
    const code = await agent.startPairing();
    await page.goto(`${backend.url}/admin/pair?code=${code.user_code}`);
    await heading(page, "Approve a device");
    expect(await page.getByLabel("See only").isChecked()).toBe(true);
    await page.getByText("An AI agent starts read-only.", { exact: false }).waitFor();
    await page.getByRole("checkbox", { name: "Hallway", exact: true }).check();
    await page.locator(".access-counts").getByText("Sees 5", { exact: true }).waitFor();
    const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/admin/pairing/approve"));
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    const approved = (await (await answer).json()) as Device;
    expect(approved).toMatchObject({ type: "ai_agent", scope: { areas: ["hallway"], access: "read" } });
    await heading(page, /Assistant/);
    // The MCP card leads an agent's page.
    await page.getByRole("region", { name: "Use with an MCP client" }).getByRole("textbox").waitFor();
    expect(w.problems).toEqual([]);
  });
});
