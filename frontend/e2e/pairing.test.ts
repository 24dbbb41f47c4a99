import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser, screenshot, type WatchedPage } from "./harness/browser.js";
import { TestDevice } from "./harness/device.js";
import { type IngressProxy, startIngressProxy } from "./harness/ingress-proxy.js";
import { eventually, heading, navTo } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";
const USER = { id: "8f3b2c1d", name: "anna", displayName: "Anna Admin" };

/** The entity ids the device page's live preview lists. */
const previewIds = async (page: Page) =>
  (await page.locator(".preview-list .entity-id").allTextContents()).sort();

const previewStates = async (page: Page) =>
  Object.fromEntries(
    await page
      .locator(".preview-list > li")
      .evaluateAll((rows) =>
        rows.map((r) => [
          r.querySelector(".entity-id")?.textContent ?? "",
          r.querySelector(".state")?.textContent ?? "",
        ]),
      ),
  ) as Record<string, string>;

describe("pairing a device from Home Assistant's sidebar", () => {
  let backend: Backend;
  let proxy: IngressProxy;
  let browser: Browser;
  let admin: AdminApi;
  let w: WatchedPage;
  let paired: TestDevice | undefined;
  /** The entity ids approved in the first test. */
  let granted: string[] = [];
  /** The device's open WebSocket (its dashboard), from the second test on. */
  let socket: ReturnType<TestDevice["watch"]> | undefined;

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD }),
      launchBrowser(),
    ]);
    proxy = await startIngressProxy(backend.url, "pairTok3n", USER);
    admin = await AdminApi.signIn(backend.url, PASSWORD);
    w = await browser.open();
  });
  afterAll(async () => {
    socket?.watch.close();
    paired?.stop();
    await browser?.close();
    await proxy?.stop();
    await backend?.stop();
  });

  it("shows the request live, approves it with a scope, and the device sees exactly that scope", async () => {
    const { page } = w;
    const kitchen = await admin.entitiesIn("kitchen");
    expect(kitchen).toContain("switch.coffee_maker");
    const expected = [...kitchen.filter((id) => id !== "switch.coffee_maker"), "light.hallway"].sort();
    granted = expected;

    await page.goto(proxy.entry);
    await heading(page, "Overview");
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor();

    const device = new TestDevice(backend.url, {
      name: "Kitchen tablet",
      type: "tablet",
      model: "Fire HD 10",
    });
    paired = device;
    const code = await device.startPairing();
    // No reload: the request arrives over the push channel.
    await page.getByText(code.user_code).waitFor();
    await screenshot(page, "flow-1-request-arrives");

    await page.getByRole("link", { name: "Approve Kitchen tablet" }).click();
    await heading(page, "Approve a device");
    expect(page.url()).toBe(`${proxy.entry}pair?code=${code.user_code}`);
    expect(await page.getByLabel("Or enter the code shown on the device").inputValue()).toBe(code.user_code);
    expect(await page.getByLabel("Device name").inputValue()).toBe("Kitchen tablet");

    await page.getByLabel("See and control").check();
    await page.getByRole("checkbox", { name: "Kitchen", exact: true }).check();
    await page.getByRole("button", { name: "Show entities in Kitchen" }).click();
    await page.getByRole("checkbox", { name: /^Coffee Maker switch\.coffee_maker$/ }).uncheck();
    await page.getByLabel("Search entities").fill("hallway light");
    await page.getByRole("checkbox", { name: /^Hallway Light light\.hallway$/ }).check();
    await page.getByLabel("Search entities").fill("");
    await page.locator(".entity-count", { hasText: `${expected.length} entities` }).waitFor();
    await page
      .getByText(`Kitchen tablet will see ${expected.length} entities and may control them.`)
      .waitFor();
    await screenshot(page, "flow-2-approve-with-scope");

    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await heading(page, /Kitchen tablet/);
    await page.getByText("Kitchen tablet is paired.").waitFor();

    const decision = await device.decision();
    expect("token" in decision && decision.token.scope).toEqual({
      areas: ["kitchen"],
      entities: ["light.hallway"],
      exclude: ["switch.coffee_maker"],
      access: "control",
    });
    await eventually(async () => (await previewIds(page)).length === expected.length, "the preview");
    expect(await previewIds(page)).toEqual(expected);
    // The preview follows Home Assistant live: the demo home's power sensors drift every 5 s.
    const fridge = (await previewStates(page))["sensor.fridge_power"];
    expect(fridge).toMatch(/^\d+(\.\d+)? W$/);
    await eventually(
      async () => (await previewStates(page))["sensor.fridge_power"] !== fridge,
      "the fridge's power reading to change",
    );
    expect(await device.states()).toEqual({ status: 200, ids: expected });
  });

  it("shows the device online while its dashboard is connected, with the same entities", async () => {
    const { page } = w;
    const device = tablet();
    await page.locator(".page-title .badge", { hasText: "Offline" }).waitFor();
    socket = device.watch();
    await socket.watch.ready;
    expect(socket.ids()).toEqual(granted);
    await page.locator(".page-title .badge", { hasText: "Online" }).waitFor();
  });

  it("keeps the preview live, and refused calls show up in the activity log", async () => {
    const { page } = w;
    const device = tablet();
    const before = await previewStates(page);
    expect(before["light.kitchen_spots"]).toBe("off");
    expect(await device.callService("light", "turn_on", { entity_id: "light.kitchen_spots" })).toBe(200);
    await eventually(
      async () => (await previewStates(page))["light.kitchen_spots"] === "on",
      "the lamp to turn on",
    );
    await screenshot(page, "flow-3-device-live-preview");

    expect(await device.callService("switch", "turn_on", { entity_id: "switch.coffee_maker" })).toBe(403);
    await navTo(page, "Activity", "Activity");
    await page.getByRole("button", { name: "Refused calls" }).click();
    await page.getByText("Refused switch.turn_on from “Kitchen tablet”").first().waitFor();
    await page.getByRole("button", { name: "Everything" }).click();
    await page.getByText("anna approved “Kitchen tablet”").waitFor();
    await screenshot(page, "flow-4-refused-call-in-activity");
  });

  it("edits the scope, renames, sets and clears the expiry", async () => {
    const { page } = w;
    const device = tablet();
    await navTo(page, "Devices", "Devices");
    await page.getByText(`${granted.length} entities · can control`).waitFor();
    await page
      .getByRole("row", { name: /Kitchen tablet/ })
      .getByText("Online")
      .waitFor();
    await screenshot(page, "flow-5-devices");
    await page.getByRole("link", { name: "Kitchen tablet" }).click();
    await heading(page, /Kitchen tablet/);

    await page.getByRole("button", { name: "Show entities in No area" }).waitFor();
    await page.getByRole("button", { name: "Show entities in Hallway" }).click();
    await page.getByRole("checkbox", { name: /^Hallway Light light\.hallway$/ }).uncheck();
    await page.getByRole("button", { name: "Save scope" }).click();
    await page.getByText("Saved. The device sees the new scope now.").waitFor();
    await eventually(
      async () => !(await previewIds(page)).includes("light.hallway"),
      "the preview to drop the lamp",
    );
    const kitchenOnly = (await admin.entitiesIn("kitchen")).filter((id) => id !== "switch.coffee_maker");
    expect(await previewIds(page)).toEqual(kitchenOnly);
    expect(await device.states()).toEqual({ status: 200, ids: kitchenOnly });

    await page.getByLabel("Name", { exact: true }).fill("Kitchen wall tablet");
    await page.getByRole("button", { name: "Rename" }).click();
    await heading(page, /Kitchen wall tablet/);

    await page.getByLabel("Change when access ends").selectOption("1d");
    await page.getByRole("button", { name: "Set", exact: true }).click();
    await page.getByText("Access end set.").waitFor();
    await page.locator(".expiry-now strong", { hasText: "tomorrow" }).waitFor();
    await page.getByRole("button", { name: "Remove expiry" }).click();
    await page.locator(".expiry-now strong", { hasText: "never" }).waitFor();
  });

  it("revokes the device after a confirmation, and the device is cut off at once", async () => {
    const { page } = w;
    const device = tablet();
    await page.getByRole("button", { name: "Revoke Kitchen wall tablet" }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke Kitchen wall tablet?" });
    await dialog.waitFor();
    await screenshot(page, "flow-6-revoke-confirm", false);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect((await device.states()).status).toBe(200);

    await page.getByRole("button", { name: "Revoke Kitchen wall tablet" }).click();
    await dialog.getByRole("button", { name: "Revoke" }).click();
    // The open dashboard connection is closed at once, telling the device its token is dead. No
    // clock here (a loaded machine makes any bound flaky): a server that only refused the token
    // on the next request would leave this connection open and the wait would never end.
    const closed = await socket?.watch.closed.then(
      () => "closed by us",
      (error: unknown) => (error as { code?: string }).code,
    );
    expect(closed).toBe("token_rejected");
    await heading(page, "Devices");
    await page.getByText("Kitchen wall tablet was revoked and is cut off.").waitFor();
    await page.getByText("No device is paired yet.").waitFor();
    expect((await device.states()).status).toBe(401);
    expect(await device.collectAgain()).toBe("invalid_grant");
    expect(proxy.escaped).toEqual([]);
    expect(w.problems).toEqual([]);
  });

  /** The device paired in the first test; the later tests continue its story. */
  function tablet(): TestDevice {
    if (!paired) throw new Error("the first test pairs the device");
    return paired;
  }
});
