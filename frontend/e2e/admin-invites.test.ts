import type {
  Device,
  InviteCreated,
  InviteCreateRequest,
  InviteList,
  NotifyServiceList,
  ScreenSession,
} from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser, screenshot, type WatchedPage } from "./harness/browser.js";
import { TestDevice } from "./harness/device.js";
import { startIngressProxy } from "./harness/ingress-proxy.js";
import { heading, navTo, signIn, unlabelledControls } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";

/** The guest's phone opening the link, as the device app does: the secret from the fragment, exchanged at once. */
async function acceptInvite(base: string, url: string): Promise<{ status: number; body: ScreenSession }> {
  const secret = new URL(url).hash.slice(1);
  const res = await fetch(`${base}/api/v1/screen/invite`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base },
    body: JSON.stringify({ secret, type: "phone" }),
  });
  return { status: res.status, body: (await res.json()) as ScreenSession };
}

/** The admin UI on the LAN port, where it lives under /admin/ since / is the device app. */
describe("inviting a guest from the admin UI", () => {
  let backend: Backend;
  let browser: Browser;
  let w: WatchedPage;
  let admin: AdminApi;
  let pending: TestDevice | undefined;

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD }),
      launchBrowser(),
    ]);
    admin = await AdminApi.signIn(backend.url, PASSWORD);
    w = await browser.open();
    w.allow("/api/v1/auth/me", 401);
    await w.page.goto(`${backend.url}/admin/`);
    await signIn(w.page, PASSWORD, "Overview");
  });
  afterAll(async () => {
    pending?.stop();
    await browser?.close();
    await backend?.stop();
  });

  it("creates an invite with weekly hours, shows its link and QR code once, and revokes it with its device", async () => {
    const { page } = w;
    // The Overview says how to pair a tablet: HAsync's device address on the LAN.
    const address = await admin.call<{ url: string }>("GET", "admin/screen-address");
    await page.locator(".screen-address", { hasText: address.url }).first().waitFor();

    await navTo(page, "Invites", "Invite a guest");
    expect(new URL(page.url()).pathname).toBe("/admin/invites");
    await page.getByLabel("Name", { exact: true }).fill("Cleaner’s phone");
    await page.getByRole("checkbox", { name: "Kitchen", exact: true }).check();
    await page.getByLabel("Access ends", { exact: true }).selectOption({ label: "In a week" });
    // From the keyboard: the switch and the day chips are real controls, focusable and toggled by Space.
    await page.getByRole("switch", { name: "Only at certain hours" }).focus();
    await page.keyboard.press("Space");
    const first = page.getByRole("group", { name: "Hours 1" });
    for (const day of ["Monday", "Wednesday", "Thursday", "Friday"]) {
      await first.getByRole("checkbox", { name: day }).uncheck();
    }
    await first.getByLabel("From", { exact: true }).fill("09:00");
    await first.getByLabel("To", { exact: true }).fill("13:00");
    await page.getByRole("button", { name: "Add more hours" }).click();
    const second = page.getByRole("group", { name: "Hours 2" });
    for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) {
      await second.getByRole("checkbox", { name: day }).uncheck();
    }
    await second.getByRole("checkbox", { name: "Saturday" }).focus();
    await page.keyboard.press("Space");
    expect(await second.getByRole("checkbox", { name: "Saturday" }).isChecked()).toBe(true);
    await second.getByLabel("From", { exact: true }).fill("10:00");
    await second.getByLabel("To", { exact: true }).fill("12:00");
    await page.getByLabel("Read-only").check();
    await page.getByLabel("Devices that may use the link").fill("2");
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "admin-invite-form");

    const answer = page.waitForResponse(
      (r) => r.request().method() === "POST" && r.url().endsWith("/api/v1/admin/invites"),
    );
    await page.getByRole("button", { name: "Create invite link" }).click();
    const response = await answer;
    expect(response.status()).toBe(201);
    const sent = response.request().postDataJSON() as InviteCreateRequest;
    expect(sent).toMatchObject({
      name: "Cleaner’s phone",
      scope: { areas: ["kitchen"], entities: [], exclude: [], access: "read" },
      hours: {
        windows: [
          { day: "tue", from: "09:00", to: "13:00" },
          { day: "sat", from: "10:00", to: "12:00" },
        ],
        outside: "read",
      },
      max_uses: 2,
    });
    const created = (await response.json()) as InviteCreated;

    // The link, once: in a field to copy, as a QR code, with the note that it is not kept.
    await heading(page, "Invite a guest");
    expect(await page.getByRole("textbox", { name: "Invite link" }).inputValue()).toBe(created.url);
    expect(created.url).toMatch(/\/invite#hsi_/);
    await page.getByRole("img", { name: "QR code of the invite link for Cleaner’s phone" }).waitFor();
    await page.getByText("This link is shown only now.").waitFor();
    // "Send to a phone" through one of Home Assistant's notify services (the demo home has a few).
    const services = await admin.call<NotifyServiceList>("GET", "admin/invites/notify-services");
    const phone = services.services[0];
    if (phone === undefined) {
      expect(await page.getByRole("button", { name: "Send link" }).isDisabled()).toBe(true);
      await page.getByText("Home Assistant has no notify service").waitFor();
    } else {
      await page.getByLabel("Send to a phone").selectOption(phone.service);
      await page.getByRole("button", { name: "Send link" }).click();
      await page.getByText(/^Sent with .+\. A tap on the notification opens the link\.$/).waitFor();
    }
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "admin-invite-link");

    const row = page.locator(".invite-row", { hasText: "Cleaner’s phone" });
    await row.getByText("Active").waitFor();
    await row.getByText("0 of 2 used").waitFor();
    await row.getByText("Tue 09:00–13:00; Sat 10:00–12:00", { exact: false }).waitFor();

    // A guest's phone uses the link: the list follows live and names the device it made.
    const used = await acceptInvite(backend.url, created.url);
    expect(used.status).toBe(201);
    const guestId = used.body.device.id;
    await row.getByText("1 of 2 used").waitFor();
    await row.getByRole("link", { name: "Cleaner’s phone" }).waitFor();

    // The link's card follows too, while it is still on screen.
    await page.getByRole("region", { name: "Invite for Cleaner’s phone" }).getByText("1 of 2 used").waitFor();

    // The device page shows the guest pass and its hours, and the admin can change them there.
    await row.getByRole("link", { name: "Cleaner’s phone" }).click();
    await heading(page, /Cleaner’s phone/);
    await page.getByText("Guest pass", { exact: true }).waitFor();
    const hoursCard = page.getByRole("region", { name: "Hours" });
    await hoursCard.getByText("Tue 09:00–13:00; Sat 10:00–12:00. Outside these hours: read-only.").waitFor();
    await hoursCard.getByRole("button", { name: "Change hours" }).click();
    await hoursCard
      .getByRole("group", { name: "Hours 1" })
      .getByRole("checkbox", { name: "Wednesday" })
      .check();
    const patched = page.waitForResponse((r) => r.request().method() === "PATCH");
    await hoursCard.getByRole("button", { name: "Save hours" }).click();
    expect((await patched).request().postDataJSON()).toEqual({
      hours: {
        windows: [
          { day: "tue", from: "09:00", to: "13:00" },
          { day: "wed", from: "09:00", to: "13:00" },
          { day: "sat", from: "10:00", to: "12:00" },
        ],
        outside: "read",
      },
    });
    await hoursCard
      .getByText("Tue, Wed 09:00–13:00; Sat 10:00–12:00. Outside these hours: read-only.")
      .waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "admin-device-guest-pass");

    await navTo(page, "Invites", "Invite a guest");
    await row.getByRole("link", { name: "Cleaner’s phone" }).waitFor();
    await row.getByRole("button", { name: "Revoke the invite for Cleaner’s phone" }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke the invite for Cleaner’s phone?" });
    await dialog.getByText("It also disconnects the device made from it (“Cleaner’s phone”)").waitFor();
    await screenshot(page, "admin-invite-revoke", false);
    await dialog.getByRole("button", { name: "Revoke invite" }).click();
    await row.getByText("Revoked").waitFor();
    expect(await row.getByRole("button", { name: /Revoke/ }).count()).toBe(0);

    const after = await admin.call<InviteList>("GET", "admin/invites");
    expect(after.invites.find((i) => i.id === created.invite.id)?.status).toBe("revoked");
    const devices = await admin.call<{ devices: Device[] }>("GET", "admin/devices");
    expect(devices.devices.map((d) => d.id)).not.toContain(guestId);
    expect((await acceptInvite(backend.url, created.url)).status).toBe(410);
    expect(w.problems).toEqual([]);
  });

  it("opens the approval of the very code a tablet's QR code names (/admin/pair?code=…), through the sign-in", async () => {
    pending = new TestDevice(backend.url, { name: "Hall tablet", type: "tablet" });
    const code = await pending.startPairing();
    // The admin's phone scanning the tablet's QR code: a browser not signed in yet.
    const phone = await browser.open({ width: 390, height: 844 });
    phone.allow("/api/v1/auth/me", 401);
    const { page } = phone;
    await page.goto(`${backend.url}/admin/pair?code=${code.user_code}`);
    await signIn(page, PASSWORD, "Approve a device");
    expect(new URL(page.url()).search).toBe(`?code=${code.user_code}`);
    await page.getByRole("radio", { name: /Hall tablet/, checked: true }).waitFor();
    expect(await page.getByLabel("Device name").inputValue()).toBe("Hall tablet");
    await page.getByText("Code matches “Hall tablet”").waitFor();
    expect(phone.problems).toEqual([]);
    await phone.close();
  });

  it("keeps the invites at the ingress root inside Home Assistant, and an old /invites link finds /admin/invites", async () => {
    const proxy = await startIngressProxy(backend.url, "invitesTok3n", {
      id: "u1",
      name: "anna",
      displayName: "Anna",
    });
    try {
      const inside = await browser.open();
      await inside.page.goto(`${proxy.entry}invites`);
      await heading(inside.page, "Invite a guest");
      await inside.page.locator(".invite-row", { hasText: "Cleaner’s phone" }).getByText("Revoked").waitFor();
      await inside.settled();
      expect(proxy.escaped).toEqual([]);
      expect(inside.problems).toEqual([]);
      await inside.close();
    } finally {
      await proxy.stop();
    }
    await w.page.goto(`${backend.url}/invites`);
    await heading(w.page, "Invite a guest");
    expect(new URL(w.page.url()).pathname).toBe("/admin/invites");
  });
});
