import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser } from "./harness/browser.js";
import { type IngressProxy, startIngressProxy } from "./harness/ingress-proxy.js";
import { heading, navTo } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";
const TOKEN = "e2eTok3n_x-9";
const USER = { id: "8f3b2c1d", name: "anna", displayName: "Anna Admin" };

describe("inside Home Assistant's sidebar (ingress)", () => {
  let backend: Backend;
  let proxy: IngressProxy;
  let browser: Browser;

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD }),
      launchBrowser(),
    ]);
    proxy = await startIngressProxy(backend.url, TOKEN, USER);
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await backend?.stop();
  });

  it("signs the Home Assistant user in without a password, with every URL under the prefix", async () => {
    const w = await browser.open();
    const { page } = w;
    await page.goto(proxy.entry);
    await heading(page, "Overview");
    await page.getByText("Anna Admin").waitFor();
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor();

    await navTo(page, "Devices", "Devices");
    expect(page.url()).toBe(`${proxy.entry}devices`);
    await page.reload();
    await heading(page, "Devices");

    await page.goto(`${proxy.entry}activity`);
    await heading(page, "Activity");
    await page.getByText("anna signed in from Home Assistant").first().waitFor();
    await navTo(page, "Settings", "Settings");
    await page.getByText("You are signed in as Anna Admin through the Home Assistant sidebar.").waitFor();
    // That text comes from auth/me; /health is read beside it and may still be on its way.
    await w.settled();

    expect(proxy.escaped).toEqual([]);
    const prefix = `/api/hassio_ingress/${TOKEN}`;
    expect(proxy.seen.some((p) => p.startsWith(`${prefix}/assets/`))).toBe(true);
    expect(proxy.seen.some((p) => p.startsWith(`${prefix}/api/v1/admin/events`))).toBe(true);
    expect(proxy.seen.some((p) => p === `${prefix}/health`)).toBe(true);
    expect(w.problems).toEqual([]);
    await w.close();
  });

  it("serves the same build under /admin/ on the LAN port, where the direct user must sign in", async () => {
    const res = await fetch(`${backend.url}/devices`, { headers: { Accept: "text/html" } });
    expect(await res.text()).toContain('<base href="/admin/" />');
    const viaIngress = await fetch(`${proxy.entry}devices`, { headers: { Accept: "text/html" } });
    expect(viaIngress.headers.get("cache-control")).toBe("no-store");
    expect(await viaIngress.text()).toContain(`<base href="/api/hassio_ingress/${TOKEN}/" />`);
    const admin = await AdminApi.signIn(backend.url, PASSWORD);
    expect((await admin.call<{ user: { via: string } }>("GET", "auth/me")).user.via).toBe("password");
  });
});
