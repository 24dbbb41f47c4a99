import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ScreenAuthorizeInfoSchema } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, tempDir } from "../test-support/harness.js";
import { ScreenBrowser } from "../test-support/screen.js";
import { ABORT_REASON } from "./flow-routes.js";

/**
 * What the authorize page and HA's login-flow clients are told before any pairing: the device app
 * at `/auth/authorize`, HA's client_id/redirect_uri rules over `/api/v1/screen/authorize` (HA's
 * apps, the client page's link, refusals in HA's words), and `/auth/providers` and
 * `/auth/login_flow*` in HA's shapes (login_flow.py), which send a client to the pairing screen.
 */
let server: TestServer;
let page: http.Server;
let pageUrl: string;
let pageHits = 0;
const frontendDir = tempDir("hasync-ui-");

beforeAll(async () => {
  fs.writeFileSync(path.join(frontendDir, "screen.html"), "<html><head></head><body>screen</body></html>");
  server = await startTestServer({ frontendDir });
  // The client's own page, on "localhost": HAsync is reached as 127.0.0.1, so this is another host.
  page = http.createServer((_req, res) => {
    pageHits += 1;
    res.end(`<html><head><link rel="redirect_uri" href="myapp://signed-in"></head></html>`);
  });
  await new Promise<void>((resolve) => page.listen(0, "localhost", resolve));
  pageUrl = `http://localhost:${(page.address() as AddressInfo).port}/app`;
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => page.close(resolve));
  fs.rmSync(frontendDir, { recursive: true, force: true });
});

const authorizeInfo = (clientId: string, redirectUri: string) =>
  new ScreenBrowser(server.url).get(
    `/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri })}`,
  );

const postJson = (p: string, body: unknown) =>
  fetch(`${server.url}${p}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("the authorize page", () => {
  it("is the device app, with the device page's headers", async () => {
    const res = await fetch(`${server.url}/auth/authorize?response_type=code&client_id=x`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("screen");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("names HA's apps and accepts their callbacks without a look-up", async () => {
    const res = await authorizeInfo("https://home-assistant.io/android", "homeassistant://auth-callback");
    expect(ScreenAuthorizeInfoSchema.parse(await res.json())).toMatchObject({
      client_name: "Home Assistant app",
      ha_app: true,
    });
  });

  it("accepts a redirect_uri the client's page declares, looked up once", async () => {
    const before = pageHits;
    const res = await authorizeInfo(pageUrl, "myapp://signed-in");
    expect(res.status).toBe(200);
    expect(ScreenAuthorizeInfoSchema.parse(await res.json()).client_name).toBe(new URL(pageUrl).host);
    expect(pageHits).toBe(before + 1);
    expect((await authorizeInfo(pageUrl, "myapp://elsewhere")).status).toBe(400);
  });

  it("refuses bad clients and redirects in HA's words, and looks nothing up on HAsync's own host", async () => {
    const cases: Array<[string, string, string]> = [
      ["ftp://x/", "ftp://x/cb", "Invalid client id"],
      ["http://8.8.8.8/", "http://8.8.8.8/cb", "Invalid client id"],
      ["http://app.example/", "http://other.example/cb", "invalid client id or redirect uri"],
      ["https://home-assistant.io/iOS", "homeassistant://other", "invalid client id or redirect uri"],
      [`${server.url}/`, "javascript:alert(1)", "invalid client id or redirect uri"],
    ];
    const before = pageHits;
    for (const [clientId, redirectUri, message] of cases) {
      const res = await authorizeInfo(clientId, redirectUri);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: "invalid_request", message } });
    }
    expect(pageHits).toBe(before);
    expect((await new ScreenBrowser(server.url).get("/authorize?client_id=x")).status).toBe(400);
  });

  it("does not start pairing for a client HA would not sign in", async () => {
    const browser = new ScreenBrowser(server.url);
    const res = await browser.post("/pairing", {
      name: "Tablet",
      authorize: { client_id: "http://app.example/", redirect_uri: "http://other.example/" },
    });
    expect(res.status).toBe(400);
    expect(server.db.prepare("SELECT COUNT(*) AS n FROM pairing_requests").get()).toEqual({ n: 0 });
    expect(browser.cookies.size).toBe(0);
  });
});

describe("HA's login-flow endpoints", () => {
  const flow = {
    client_id: "http://app.example/",
    handler: ["homeassistant", null],
    redirect_uri: "http://app.example/cb",
  };

  it("lists HAsync's pairing as the one provider, in HA's current shape", async () => {
    const res = await fetch(`${server.url}/auth/providers`);
    expect(await res.json()).toEqual({
      providers: [{ name: "HAsync pairing", id: null, type: "hasync" }],
      preselect_remember_me: true,
    });
  });

  it("aborts a login flow with a reason that sends the client to the pairing screen", async () => {
    const res = await postJson("/auth/login_flow", flow);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: string; flow_id: string; handler: unknown; reason: string };
    expect(body).toMatchObject({ type: "abort", handler: ["homeassistant", null], reason: ABORT_REASON });
    const next = await postJson(`/auth/login_flow/${body.flow_id}`, {
      client_id: flow.client_id,
      username: "a",
    });
    expect(next.status).toBe(404);
    expect(await next.json()).toEqual({ message: "Invalid flow specified" });
  });

  it("answers bad requests with HA's messages and statuses", async () => {
    const cases: Array<[string, unknown, number, string]> = [
      ["/auth/login_flow", "{not json", 400, "Invalid JSON."],
      [
        "/auth/login_flow",
        { ...flow, client_id: undefined },
        400,
        "Message format incorrect: required key not provided @ data['client_id']",
      ],
      ["/auth/login_flow", { ...flow, client_id: "ftp://x/" }, 400, "Invalid client id"],
      [
        "/auth/login_flow",
        { ...flow, redirect_uri: "http://evil.example/" },
        400,
        "invalid client id or redirect uri",
      ],
      ["/auth/login_flow/abc", { client_id: "ftp://x/" }, 400, "Invalid client id"],
      [
        "/auth/login_flow/abc",
        {},
        400,
        "Message format incorrect: required key not provided @ data['client_id']",
      ],
    ];
    for (const [p, body, status, message] of cases) {
      const res = await postJson(p, body);
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ message });
    }
    expect((await fetch(`${server.url}/auth/login_flow`)).status).toBe(405);
    expect((await fetch(`${server.url}/auth/login_flow/abc`, { method: "DELETE" })).status).toBe(404);
    expect((await postJson("/auth/login_flow", "x".repeat(20_000))).status).toBe(413);
  });
});
