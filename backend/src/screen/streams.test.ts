import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpServer } from "../http/server.js";
import { waitFor } from "../test-support/ha-link.js";
import { startSideApp, startTestServer, type TestServer } from "../test-support/harness.js";
import { ScreenBrowser } from "../test-support/screen.js";
import { ScreenSide } from "./wiring.js";

/**
 * The pairing stream's bounds, on a screen API wired with small limits over the real services
 * (as the composition root wires it, on a listener of its own).
 */
let server: TestServer;
let screen: ScreenSide;
let http: HttpServer;
let url = "";

beforeAll(async () => {
  server = await startTestServer({ env: { HASYNC_INGRESS_PEER: "127.0.0.1" } });
  const { hasync } = server;
  screen = new ScreenSide({
    settings: { ingressPeer: "127.0.0.1", tls: undefined, ha: { mode: "demo" } },
    ha: hasync.ha,
    now: Date.now,
    lanPort: () => http.port,
    limits: { maxStreams: 2, heartbeatMs: 20 },
  });
  const side = await startSideApp(hasync, {
    publicRouters: [screen.router({ pairing: hasync.pairing, devices: hasync.devices, audit: hasync.audit })],
  });
  http = side.http;
  url = side.url;
});
afterAll(async () => {
  screen.closeAll();
  await http.stop(100);
  await server.close();
});

describe("pairing streams", () => {
  it("send heartbeat comments while waiting", async () => {
    const browser = new ScreenBrowser(url);
    await browser.pair();
    const events = await browser.events();
    expect(await events.next()).toEqual({ status: "pending" });
    await waitFor(() => events.text.includes(": keep-alive"), 10_000, "a heartbeat");
    await browser.request("DELETE", "/pairing");
    expect(await events.next()).toEqual({ status: "expired" });
  });

  it("are capped in all, and a closed one gives its place back", async () => {
    const browsers = [new ScreenBrowser(url), new ScreenBrowser(url), new ScreenBrowser(url)];
    for (const b of browsers) await b.pair();
    const [a, b, c] = browsers as [ScreenBrowser, ScreenBrowser, ScreenBrowser];
    const controller = new AbortController();
    const held = await fetch(`${url}/api/v1/screen/pairing/events`, {
      headers: { cookie: a.cookieHeader() },
      signal: controller.signal,
    });
    expect(held.status).toBe(200);
    expect((await b.events()).status).toBe(200);
    const refused = await c.get("/pairing/events");
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unavailable");
    controller.abort();
    await waitFor(() => screen.openStreams < 2, 10_000, "the aborted stream to be let go");
    expect((await c.events()).status).toBe(200);
  });
});
