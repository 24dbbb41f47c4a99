import type { ConfirmSettings, Device, HaEntityList, NotifyServiceList } from "hasync";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import { checkAdminScreen } from "./harness/admin-shots.js";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser, type WatchedPage } from "./harness/browser.js";
import type { TestDevice } from "./harness/device.js";
import { axeViolations } from "./harness/screen.js";
import { eventually, heading, signIn } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";

interface Result {
  success: boolean;
  error?: { code: string; message: string };
}

/**
 * A `call_service` over Home Assistant's WebSocket API with the device's token, from a tab on
 * HAsync's origin as any HA client would send it; resolves with HA's `result` message, which for
 * a held call comes only once the admin has decided.
 */
function callService(page: Page, wsUrl: string, token: string, service: string, entityId: string) {
  const [domain, name] = service.split(".");
  return page.evaluate(
    ([url, accessToken, d, s, id]) =>
      new Promise<Result>((resolve, reject) => {
        const socket = new WebSocket(url);
        socket.onerror = () => reject(new Error("socket error"));
        socket.onmessage = (frame) => {
          const message = JSON.parse(String(frame.data)) as Record<string, unknown>;
          if (message.type === "auth_required") {
            socket.send(JSON.stringify({ type: "auth", access_token: accessToken }));
          } else if (message.type === "auth_ok") {
            socket.send(
              JSON.stringify({
                id: 1,
                type: "call_service",
                domain: d,
                service: s,
                target: { entity_id: id },
              }),
            );
          } else if (message.type === "result" && message.id === 1) {
            socket.close();
            resolve(message as unknown as Result);
          }
        };
      }),
    [wsUrl, token, domain, name, entityId] as const,
  );
}

/** A held call reaches the admin live, and only their decision sends it to Home Assistant (issue 15). */
describe("calls that ask the admin first", () => {
  let backend: Backend;
  let browser: Browser;
  let w: WatchedPage;
  let admin: AdminApi;
  let agent: TestDevice | undefined;
  let token: string;
  let record: Device;

  const doorState = async () => {
    const list = await admin.call<HaEntityList>("GET", "admin/ha/entities?search=lock.front_door");
    return list.entities.find((e) => e.entity_id === "lock.front_door")?.state;
  };

  beforeAll(async () => {
    [backend, browser] = await Promise.all([
      startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD }),
      launchBrowser(),
    ]);
    admin = await AdminApi.signIn(backend.url, PASSWORD);
    ({
      device: agent,
      record,
      token,
    } = await admin.pairDevice(
      { name: "Assistant", type: "ai_agent" },
      { areas: ["hallway"], access: "control" },
    ));
    w = await browser.open({ height: 900 });
    w.allow("/api/v1/auth/me", 401);
    await w.page.goto(`${backend.url}/admin/`);
    await signIn(w.page, PASSWORD, "Overview");
  });
  afterAll(async () => {
    agent?.stop();
    await browser?.close();
    await backend?.stop();
  });

  it("lists a held unlock live with its deadline; Allow sends it to Home Assistant and answers the caller", async () => {
    const { page } = w;
    expect(await doorState()).toBe("locked");
    const client = await w.context.newPage();
    await client.goto(`${backend.url}/health`);
    const wsUrl = `${backend.url.replace(/^http/, "ws")}/api/websocket`;
    const unlocking = callService(client, wsUrl, token, "lock.unlock", "lock.front_door");

    const row = page.locator(".confirm-row", { hasText: "Unlock Front Door" });
    await row.waitFor();
    await row.getByText("Assistant", { exact: true }).waitFor();
    await row.getByText(/^\d+:\d\d left$/).waitFor();
    await page.getByRole("link", { name: "Overview 1 waiting for you" }).waitFor();
    // Held, not sent: Home Assistant's lock has not moved.
    expect(await doorState()).toBe("locked");
    expect(await checkAdminScreen(page, "confirm")).toEqual([]);

    await row.getByRole("button", { name: "Allow Unlock Front Door" }).click();
    expect(await unlocking).toMatchObject({ success: true });
    await eventually(async () => (await doorState()) !== "locked", "the lock to open");
    await page.getByText("Allowed: Unlock Front Door for Assistant.").waitFor();
    expect(await row.count()).toBe(0);
    expect(await page.getByRole("link", { name: "Overview", exact: true }).count()).toBe(1);
    await client.close();
    expect(w.problems).toEqual([]);
  });

  it("Deny refuses the held call in Home Assistant's words, and nothing reaches it", async () => {
    const { page } = w;
    const before = await doorState();
    const client = await w.context.newPage();
    await client.goto(`${backend.url}/health`);
    const wsUrl = `${backend.url.replace(/^http/, "ws")}/api/websocket`;
    const locking = callService(client, wsUrl, token, "lock.lock", "lock.front_door");
    const row = page.locator(".confirm-row", { hasText: "Lock Front Door" });
    await row.getByRole("button", { name: "Deny Lock Front Door" }).click();
    const result = await locking;
    expect(result.success).toBe(false);
    expect(result.error?.code).toBe("home_assistant_error");
    await page.getByText("Denied: Lock Front Door for Assistant.").waitFor();
    expect(await doorState()).toBe(before);
    // The activity says who refused it.
    await page
      .getByRole("region", { name: "Recent activity" })
      .getByText(/refused to let “Assistant” lock/)
      .waitFor();
    await client.close();
    expect(w.problems).toEqual([]);
  });

  it("shows an AI agent's page the MCP client config for HAsync's /mcp, with a placeholder for its token", async () => {
    const { page } = w;
    expect(record.type).toBe("ai_agent");
    await w.context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(`${backend.url}/admin/devices/${record.id}`);
    await heading(page, /Assistant/);
    const card = page.getByRole("region", { name: "Use with an MCP client" });
    const field = card.getByRole("textbox", { name: "MCP client config" });
    const address = await admin.call<{ url: string }>("GET", "admin/screen-address");
    const config = JSON.parse(await field.inputValue()) as {
      mcpServers: { home: { type: string; url: string; headers: Record<string, string> } };
    };
    expect(config.mcpServers.home).toEqual({
      type: "http",
      url: new URL("mcp", address.url).href,
      headers: { Authorization: "Bearer <device token>" },
    });
    expect(await field.inputValue()).not.toContain(token);
    await card.getByRole("button", { name: "Copy config" }).click();
    await card.getByText("Copied.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await field.inputValue());
    expect(await axeViolations(page)).toEqual([]);
    expect(w.problems).toEqual([]);
  });

  it("sets where confirmations reach the admin and how long a call waits, on the Settings page", async () => {
    const { page } = w;
    await page.goto(`${backend.url}/admin/settings`);
    await heading(page, "Settings");
    const card = page.getByRole("region", { name: "Asking you first" });
    const phones = await admin.call<NotifyServiceList>("GET", "admin/invites/notify-services");
    const phone = phones.services[0]?.service ?? null;
    if (phone !== null) {
      await card.getByLabel("Also ask on a phone").selectOption(phone);
      await card.getByText(`Asking on ${phone} too.`).waitFor();
    }
    await card.getByLabel("A call waits").selectOption({ label: "5 minutes" });
    await card.getByText("A call now waits 5 minutes.").waitFor();
    const saved = await admin.call<ConfirmSettings>("GET", "admin/confirm-settings");
    expect(saved).toEqual({ notify_service: phone, timeout_s: 300 });
    await page.reload();
    await heading(page, "Settings");
    expect(await card.getByLabel("A call waits").inputValue()).toBe("300");
    expect(await card.getByLabel("Also ask on a phone").inputValue()).toBe(phone ?? "");
    expect(await axeViolations(page)).toEqual([]);
    expect(w.problems).toEqual([]);
  });
});
