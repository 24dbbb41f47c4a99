import type { ConfirmationList } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import type { Backend } from "./harness/backend.js";
import { type Browser, launchBrowser, type WatchedPage } from "./harness/browser.js";
import { checkScreen, TABLET, tile } from "./harness/screen.js";
import { pairThisScreen } from "./harness/screen-device.js";
import { type DemoHa, haState, startBackendFor, startDemoHa } from "./harness/screen-ha.js";
import { eventually } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";
const LOCK = "lock.front_door";
const LIGHT = "light.hallway";
const WAITING = "Waiting for approval…";

/**
 * A hallway tablet with control: the front door lock asks the household's admin first (issue
 * 15). The tile says so before and while a call waits; the admin's allow reaches Home Assistant,
 * a deny never does, and the tile says why in HAsync's words.
 */
describe("a tablet's lock waits for the household's admin", () => {
  let ha: DemoHa;
  let backend: Backend;
  let browser: Browser;
  let admin: AdminApi;
  let w: WatchedPage;
  let deviceId: string;

  beforeAll(async () => {
    ha = await startDemoHa();
    [backend, browser] = await Promise.all([startBackendFor(ha, PASSWORD), launchBrowser()]);
    admin = await AdminApi.signIn(backend.url, PASSWORD);
    w = await browser.open(TABLET);
    w.allow("/api/v1/screen/session", 401);
    await w.page.goto(`${backend.url}/`);
    const pairing = await pairThisScreen(w.page, "Hall tablet");
    const device = await admin.approve({
      user_code: pairing.user_code,
      scope: { areas: ["hallway"], access: "control" },
    });
    deviceId = device.id;
    await tile(w.page, LOCK).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await ha?.stop();
  });

  /** The one call waiting for the admin, once the admin API lists it. */
  async function waitingCall(): Promise<string> {
    let id = "";
    await eventually(async () => {
      const list = await admin.call<ConfirmationList>("GET", "admin/confirmations");
      id = list.confirmations[0]?.id ?? "";
      return list.confirmations.length === 1;
    }, "the held call in the admin's list");
    return id;
  }

  /** Presses the lock's button and confirms in its dialog, which says the admin will be asked. */
  async function pressLock(verb: "Unlock" | "Lock"): Promise<void> {
    await tile(w.page, LOCK)
      .getByRole("button", { name: new RegExp(`^${verb} `) })
      .click();
    const dialog = w.page.getByRole("alertdialog");
    await dialog.getByText("The household's admin will be asked to approve this first.").waitFor();
    await dialog.getByRole("button", { name: new RegExp(`^${verb} `) }).click();
  }

  it("marks the lock 'Asks first' and the light not, and names the admin in the lock's dialog", async () => {
    expect(await tile(w.page, LOCK).getByText("Asks first").count()).toBe(1);
    expect(await tile(w.page, LIGHT).getByText("Asks first").count()).toBe(0);
    await tile(w.page, LOCK)
      .getByRole("button", { name: /^Unlock / })
      .click();
    expect(await checkScreen(w.page, null)).toEqual([]);
    await w.page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
  });

  it("says 'Waiting for approval…' while held, then shows the lock open once the admin allows", async () => {
    await pressLock("Unlock");
    const waiting = tile(w.page, LOCK).getByText(WAITING);
    await waiting.waitFor();
    expect(await checkScreen(w.page, null)).toEqual([]);
    expect(await haState(ha, LOCK)).toBe("locked");
    const id = await waitingCall();
    await admin.call("POST", `admin/confirmations/${id}`, { decision: "allow" });
    await waiting.waitFor({ state: "hidden" });
    await tile(w.page, LOCK)
      .getByRole("button", { name: /^Lock / })
      .waitFor();
    expect(await haState(ha, LOCK)).toBe("unlocked");
  });

  it("shows HAsync's words on the tile when the admin declines, and nothing reaches Home Assistant", async () => {
    const before = ha.serviceCalls.filter((c) => c.domain === "lock" && c.service === "lock").length;
    await pressLock("Lock");
    await tile(w.page, LOCK).getByText(WAITING).waitFor();
    const id = await waitingCall();
    await admin.call("POST", `admin/confirmations/${id}`, { decision: "deny" });
    await tile(w.page, LOCK)
      .getByText(/was not confirmed: the admin declined it\./)
      .waitFor();
    expect(await tile(w.page, LOCK).getByText(WAITING).count()).toBe(0);
    expect(ha.serviceCalls.filter((c) => c.domain === "lock" && c.service === "lock").length).toBe(before);
    expect(await haState(ha, LOCK)).toBe("unlocked");
    expect(w.problems).toEqual([]);
  });

  it("follows the admin's edit live: a garage door added to the scope arrives saying 'Asks first'", async () => {
    const GARAGE = "cover.garage_door";
    await admin.call("PATCH", `admin/devices/${deviceId}`, {
      scope: { areas: ["hallway"], entities: [GARAGE], access: "control" },
    });
    await tile(w.page, GARAGE).getByText("Asks first").waitFor();
    expect(await tile(w.page, LIGHT).getByText("Asks first").count()).toBe(0);
    expect(w.problems).toEqual([]);
  });
});
