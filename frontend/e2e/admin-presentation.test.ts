import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser, screenshot, type WatchedPage } from "./harness/browser.js";
import type { TestDevice } from "./harness/device.js";
import { type IngressProxy, startIngressProxy } from "./harness/ingress-proxy.js";
import { heading } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";

/**
 * `auth/current_user` as an HA client in a browser tab asks it: over HA's WebSocket API at
 * `/api/websocket`, with the device's token, on a fresh socket each time.
 */
function currentUser(page: Page, wsUrl: string, token: string): Promise<Record<string, unknown>> {
  return page.evaluate(
    ([url, accessToken]) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const socket = new WebSocket(url);
        socket.onerror = () => reject(new Error("socket error"));
        socket.onmessage = (frame) => {
          const message = JSON.parse(String(frame.data)) as Record<string, unknown>;
          if (message.type === "auth_required")
            socket.send(JSON.stringify({ type: "auth", access_token: accessToken }));
          else if (message.type === "auth_ok")
            socket.send(JSON.stringify({ id: 1, type: "auth/current_user" }));
          else if (message.type === "result") {
            socket.close();
            if (message.success) resolve(message.result as Record<string, unknown>);
            else reject(new Error(JSON.stringify(message.error)));
          } else reject(new Error(`unexpected ${String(message.type)}`));
        };
      }),
    [wsUrl, token] as const,
  );
}

describe("presenting a device as an administrator", () => {
  let backend: Backend;
  let proxy: IngressProxy;
  let browser: Browser;
  let w: WatchedPage;
  let device: TestDevice | undefined;

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD }),
      launchBrowser(),
    ]);
    proxy = await startIngressProxy(backend.url, "adminTok3n", {
      id: "u1",
      name: "anna",
      displayName: "Anna",
    });
    w = await browser.open();
  });
  afterAll(async () => {
    device?.stop();
    await browser?.close();
    await proxy?.stop();
    await backend?.stop();
  });

  it("turns on with the device page's switch, and the device's auth/current_user says is_admin", async () => {
    const admin = await AdminApi.signIn(backend.url, PASSWORD);
    const paired = await admin.pairDevice(
      { name: "Node-RED", type: "desktop" },
      { areas: ["kitchen"], access: "control" },
    );
    device = paired.device;
    const { record, token } = paired;
    const wsUrl = `${backend.url.replace(/^http/, "ws")}/api/websocket`;

    // The device's own client: a second tab, outside the admin UI, on HAsync's origin as an HA
    // dashboard served next to the API would be (a blank tab may not open sockets to loopback).
    const client = await w.context.newPage();
    await client.goto(`${backend.url}/health`);
    const before = await currentUser(client, wsUrl, token);
    expect(before).toMatchObject({ name: "Node-RED", is_owner: false, is_admin: false });

    const { page } = w;
    await page.goto(`${proxy.entry}devices/${record.id}`);
    await heading(page, /Node-RED/);
    const toggle = page.getByRole("switch", { name: "Present as an administrator" });
    expect(await toggle.isChecked()).toBe(false);
    const hint = await page.locator("#presents-as-admin-hint").textContent();
    expect(hint).toContain("changes nothing Node-RED may see or do");
    await toggle.click();
    await page.getByRole("switch", { name: "Present as an administrator", checked: true }).waitFor();
    await screenshot(page, "device-presents-as-admin");

    const after = await currentUser(client, wsUrl, token);
    expect(after).toMatchObject({ id: before.id, name: "Node-RED", is_owner: false, is_admin: true });

    // Off again from the same switch, and the device is told so.
    await toggle.click();
    await page.getByRole("switch", { name: "Present as an administrator", checked: false }).waitFor();
    expect((await currentUser(client, wsUrl, token)).is_admin).toBe(false);
    await client.close();
    expect(w.problems).toEqual([]);
  });
});
