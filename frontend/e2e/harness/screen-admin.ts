import type { Device, InviteCreated, InviteCreateRequest, PassHoursInput, Weekday } from "hasync";
import type { Page } from "playwright-core";
import type { AdminApi } from "./admin.js";
import type { WatchedPage } from "./browser.js";
import { heading } from "./ui.js";

/** The admin UI on the LAN port (`/admin/`), signed in with the password, as the household's admin. */
export async function signInAdmin(w: WatchedPage, base: string, password: string): Promise<void> {
  w.allow("/api/v1/auth/me", 401);
  const { page } = w;
  await page.goto(`${base}/admin/`);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await heading(page, "Overview");
}

/**
 * Approves a screen in the admin UI as the admin does from the QR code: opens its approval link
 * (`approve_url`), checks the code is the screen's, and lets it "See and control" the given areas.
 * Resolves with the device's id.
 */
export async function approveInUi(
  page: Page,
  approveUrl: string,
  code: string,
  areas: string[],
): Promise<string> {
  await page.goto(approveUrl);
  await heading(page, "Approve a device");
  const shown = await page.getByLabel("Or enter the code shown on the device").inputValue();
  if (shown !== code) throw new Error(`the approval link opened code ${shown}, not ${code}`);
  await page.getByLabel("See and control").check();
  for (const area of areas) await page.getByRole("checkbox", { name: area, exact: true }).check();
  const approved = page.waitForResponse(
    (r) => r.request().method() === "POST" && r.url().endsWith("/api/v1/admin/pairing/approve"),
  );
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  const device = (await (await approved).json()) as Device;
  await page.getByText(`${device.name} is paired.`).waitFor();
  return device.id;
}

/**
 * Revokes a device from its page in the admin UI, confirming the dialog. Resolves with when the
 * server's answer reached the admin page, on that page's clock (epoch ms, Resource Timing).
 */
export async function revokeInUi(page: Page, base: string, deviceId: string, name: string): Promise<number> {
  await page.goto(`${base}/admin/devices/${deviceId}`);
  await heading(page, new RegExp(name));
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke ${name}?` });
  const answered = page.waitForResponse(
    (r) => r.request().method() === "DELETE" && r.url().endsWith(`/api/v1/admin/devices/${deviceId}`),
  );
  await dialog.getByRole("button", { name: "Revoke" }).click();
  const response = await answered;
  if (response.status() !== 204 && response.status() !== 200)
    throw new Error(`revoke answered ${response.status()}`);
  return page.evaluate((id) => {
    const entry = performance
      .getEntriesByType("resource")
      .filter((e) => e.name.endsWith(`/api/v1/admin/devices/${id}`))
      .at(-1) as PerformanceResourceTiming | undefined;
    if (!entry) throw new Error("no resource timing for the revoke");
    return performance.timeOrigin + entry.responseEnd;
  }, deviceId);
}

const DAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Today's weekday in `timeZone`, as the pass hours name days. */
export function weekdayIn(timeZone: string, at = new Date()): Weekday {
  const short = new Intl.DateTimeFormat("en-US", { weekday: "short", timeZone }).format(at).toLowerCase();
  const day = DAYS.find((d) => d === short);
  if (!day) throw new Error(`unknown weekday ${short}`);
  return day;
}

/**
 * Hours whose only window is three days from today in `timeZone`: "now" is outside it however
 * long the test runs (it would have to run past two midnights to get in).
 */
export function hoursExcludingNow(timeZone: string, outside: "read" | "closed"): PassHoursInput {
  const today = DAYS.indexOf(weekdayIn(timeZone));
  const day = DAYS[(today + 3) % 7] as Weekday;
  return { windows: [{ day, from: "09:00", to: "13:00" }], outside };
}

/** Creates an invite through the admin API; the answer carries the link with its secret. */
export function createInvite(admin: AdminApi, request: InviteCreateRequest): Promise<InviteCreated> {
  return admin.call<InviteCreated>("POST", "admin/invites", request);
}

/** An ISO time `ms` from now. */
export const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();
