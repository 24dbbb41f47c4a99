import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Backend, stablePort, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser } from "./harness/browser.js";
import { TestDevice } from "./harness/device.js";
import { signIn } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";

describe("the live channel across a server restart", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-e2e-restart-"));
  let backend: Backend | undefined;
  let browser: Browser | undefined;
  let device: TestDevice | undefined;

  afterAll(async () => {
    device?.stop();
    await browser?.close();
    await backend?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("says it is reconnecting while HAsync is down, then catches up without a reload", async () => {
    const port = await stablePort();
    backend = await startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD }, { dataDir, port });
    browser = await launchBrowser();
    const w = await browser.open();
    w.allow("/api/v1/auth/me", 401);
    const { page } = w;
    await page.goto(`${backend.url}/admin/`);
    await signIn(page, PASSWORD, "Overview");
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor();
    // "Live" shows when the stream opens; its `hello` then makes the screen refetch. Stopping the
    // server before those reads finish would fail them, and that is not what this test is about.
    await w.settled();

    // While the server is down the browser's reconnect attempts fail: that is the point here.
    w.allow("/api/v1/admin/events", "net::ERR_CONNECTION_REFUSED");
    await backend.stop();
    await page.getByRole("status").filter({ hasText: "Reconnecting…" }).waitFor();

    backend = await startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD }, { dataDir, port });
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor();
    device = new TestDevice(backend.url, { name: "Porch display", type: "kiosk" });
    const code = await device.startPairing();
    await page.getByText(code.user_code).waitFor();
    expect(page.url()).toBe(`${backend.url}/admin/`);
    expect(w.problems).toEqual([]);
  });
});
