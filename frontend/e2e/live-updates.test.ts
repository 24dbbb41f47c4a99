import type { Page, Route } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser } from "./harness/browser.js";
import { TestDevice } from "./harness/device.js";
import { type IngressProxy, startIngressProxy } from "./harness/ingress-proxy.js";
import { eventually, heading } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";

/**
 * Records the data of the admin events the page's EventSource delivers. The recorder listens
 * first, so once it holds an event the app's own listeners have handled it too (same dispatch).
 */
function recordAdminEvents(types: string[]): void {
  const received: Record<string, string[]> = {};
  (window as unknown as { adminEvents: Record<string, string[]> }).adminEvents = received;
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      for (const type of types) {
        const list: string[] = [];
        received[type] = list;
        this.addEventListener(type, (e) => list.push((e as MessageEvent<string>).data));
      }
    }
  };
}

/** How many `type` events the page has handled whose data contains `text`. */
const eventsSeen = (page: Page, type: string, text = "") =>
  page.evaluate(
    ([t, x]) =>
      ((window as unknown as { adminEvents: Record<string, string[]> }).adminEvents[t] ?? []).filter((d) =>
        d.includes(x),
      ).length,
    [type, text] as const,
  );

/**
 * Lets the server answer each matching read at once but holds the answer back from the page
 * until `release()`: the page then gets an answer older than anything pushed meanwhile.
 */
async function holdAnswers(page: Page, path: string) {
  const held: Array<{ route: Route; answer: Awaited<ReturnType<Route["fetch"]>> }> = [];
  let requested = 0;
  const matches = (url: URL) => url.pathname.endsWith(path);
  await page.route(matches, async (route) => {
    requested += 1;
    held.push({ route, answer: await route.fetch() });
  });
  return {
    /** True once the page has asked at least `count` times and the server answered every read. */
    answered: (count: number) => requested >= count && held.length === requested,
    release: async () => {
      // A read the page gave up on meanwhile cannot be answered any more; that is fine.
      await Promise.all(held.map((h) => h.route.fulfill({ response: h.answer }).catch(() => undefined)));
      // Only now: unrouting first would send the held reads on to the server afresh.
      await page.unroute(matches);
    },
  };
}

describe("push events that overtake a read", () => {
  let backend: Backend;
  let proxy: IngressProxy;
  let browser: Browser;
  const devices: TestDevice[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  // A backend per test: each leaves devices waiting, and HAsync caps those per address.
  beforeEach(async () => {
    backend = await startBackend({ HASYNC_ADMIN_PASSWORD: PASSWORD });
    proxy = await startIngressProxy(backend.url, "liveTok3n", {
      id: "u1",
      name: "anna",
      displayName: "Anna",
    });
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) d.stop();
    await proxy?.stop();
    await backend?.stop();
  });

  const device = (name: string) => {
    const d = new TestDevice(backend.url, { name, type: "kiosk" });
    devices.push(d);
    return d;
  };

  it("keeps a device that starts pairing while the waiting list is being read", async () => {
    const w = await browser.open();
    const { page } = w;
    await page.addInitScript(recordAdminEvents, ["hello", "pairing.pending"]);
    const earlier = await device("Hall kiosk").startPairing();
    const reads = await holdAnswers(page, "/api/v1/admin/pairing");

    await page.goto(proxy.entry);
    await heading(page, "Overview");
    // The list is read once on load and again on the stream's `hello`; all answers are held,
    // so the server has answered the last read before the second device starts pairing.
    await eventually(async () => (await eventsSeen(page, "hello")) >= 1, "the stream's hello");
    await eventually(async () => reads.answered(2), "both reads answered");
    const later = await device("Porch display").startPairing();
    await eventually(async () => (await eventsSeen(page, "pairing.pending")) >= 1, "the push event");

    await reads.release();
    await page.getByText(earlier.user_code).waitFor();
    expect(await page.getByText(later.user_code).count()).toBe(1);
    expect(await page.locator(".tab-badge").textContent()).toBe("2 waiting");
    expect(w.problems).toEqual([]);
    await w.close();
  });

  it("keeps an activity entry pushed while the log is being read", async () => {
    const w = await browser.open();
    const { page } = w;
    await page.addInitScript(recordAdminEvents, ["hello", "audit"]);
    await device("Garage panel").startPairing();
    const reads = await holdAnswers(page, "/api/v1/admin/audit");

    await page.goto(`${proxy.entry}activity`);
    await heading(page, "Activity");
    await eventually(async () => (await eventsSeen(page, "hello")) >= 1, "the stream's hello");
    await eventually(async () => reads.answered(2), "both reads answered");
    await device("Shed display").startPairing();
    await eventually(async () => (await eventsSeen(page, "audit", "Shed display")) >= 1, "the push event");

    await reads.release();
    await page.getByText("“Garage panel” asked to be paired").waitFor();
    expect(await page.getByText("“Shed display” asked to be paired").count()).toBe(1);
    expect(w.problems).toEqual([]);
    await w.close();
  });
});
