import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoHomeAssistant } from "../simulator/index.js";
import { haFrontendFixture, syntheticFrontend } from "../test-support/ha-frontend.js";
import { startTestServer, type TestServer, tempDir } from "../test-support/harness.js";
import { adminFetch, INGRESS_ADMIN } from "../test-support/pairing.js";

/** The headers HA decides for a file; the rest (date, connection) are the transfer's. */
const HA_HEADERS = [
  "content-type",
  "cache-control",
  "etag",
  "last-modified",
  "referrer-policy",
  "x-content-type-options",
  "x-frame-options",
  "content-security-policy",
] as const;

interface Answer {
  status: number;
  headers: Record<string, string | null>;
  body: Buffer;
}

/**
 * One GET on a fresh connection (no keep-alive: on a loaded machine a reused idle socket can be
 * closed by the server just as the next request goes out), exactly as `at` is written.
 */
function get(base: string, at: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.get(
      { hostname, port, path: at, headers: { accept: "*/*", ...headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(
              HA_HEADERS.map((name) => [name, (res.headers[name] as string) ?? null]),
            ),
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
  });
}

async function both(direct: string, through: string, at: string, headers?: Record<string, string>) {
  const [a, b] = await Promise.all([get(direct, at, headers), get(through, at, headers)]);
  return { direct: a, through: b };
}

/** `<dataDir>/ha-frontend/<version>` (the data dir holds the database). */
const cacheDirOf = (server: TestServer, version: string) =>
  path.join(path.dirname(server.db.name), "ha-frontend", version);

const HTML_ACCEPT = { accept: "text/html,application/xhtml+xml" };
const HTML = { headers: HTML_ACCEPT };

describe("HA's interface through HAsync, from the HA it mirrors", () => {
  const dir = syntheticFrontend();
  const ha = new DemoHomeAssistant({ frontendDir: dir, driftIntervalMs: 0, haVersion: "2026.11.3" });
  let server: TestServer;
  let frontendDir: string;
  beforeAll(async () => {
    await ha.start();
    frontendDir = tempDir("hasync-ui-");
    fs.writeFileSync(
      path.join(frontendDir, "screen.html"),
      "<html><head></head><body>HAsync device app</body></html>",
    );
    fs.writeFileSync(
      path.join(frontendDir, "index.html"),
      "<html><head></head><body>HAsync admin</body></html>",
    );
    server = await startTestServer({
      frontendDir,
      env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    });
    expect(await server.hasync.ha.waitUntilSynced(10_000)).toBe(true);
  });
  afterAll(async () => {
    await server.close();
    await ha.stop();
  });

  const choose = (device_interface: string) =>
    adminFetch(server.url, "/interface-settings", {
      method: "PUT",
      body: JSON.stringify({ device_interface }),
    });

  it("keeps HAsync's device app at / while HAsync's interface is chosen", async () => {
    const res = await fetch(`${server.url}/`, HTML);
    expect(await res.text()).toContain("HAsync device app");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect((await fetch(`${server.url}/frontend_latest/app.js`)).status).toBe(404);
  });

  it("retires HA's service worker in a browser that once ran HA's interface here", async () => {
    const res = await fetch(`${server.url}/sw-modern.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const worker = await res.text();
    expect(worker).toContain("self.registration.unregister()");
    // The device app's own cache (frontend/public/sw.js) stays.
    expect(worker).toContain('!key.startsWith("hasync-")');
  });

  it("serves HA's files byte for byte with HA's headers once HA's interface is chosen", async () => {
    expect((await choose("home_assistant")).status).toBe(200);
    for (const at of [
      "/",
      "/lovelace/0",
      "/frontend_latest/app.js",
      "/static/icons/favicon.ico",
      "/static/translations/en.json",
      "/sw-modern.js",
      "/service_worker.js",
      "/manifest.json",
    ]) {
      const pair = await both(ha.url, server.url, at, HTML_ACCEPT);
      expect(pair.through, at).toEqual(pair.direct);
      expect(pair.through.status, at).toBe(200);
      expect(pair.through.headers["content-security-policy"], at).toBeNull();
    }
    // Again, now from the cache: still the same bytes and headers.
    const again = await both(ha.url, server.url, "/frontend_latest/app.js");
    expect(again.through).toEqual(again.direct);
  });

  it("answers a browser's revalidation of a kept file with 304", async () => {
    const first = await fetch(`${server.url}/sw-modern.js`);
    const etag = first.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const again = await fetch(`${server.url}/sw-modern.js`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("keeps HAsync's own paths and pages, with HAsync's CSP", async () => {
    const authorize = await fetch(`${server.url}/auth/authorize?client_id=http%3A%2F%2Fx%2F`, HTML);
    expect(await authorize.text()).toContain("HAsync device app");
    expect(authorize.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const admin = await fetch(`${server.url}/admin/`, HTML);
    expect(await admin.text()).toContain("HAsync admin");
    expect(admin.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect((await fetch(`${server.url}/api/`)).status).toBe(401);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it("never touches the ingress side", async () => {
    const res = await fetch(`${server.url}/`, { headers: { ...INGRESS_ADMIN, accept: "text/html" } });
    expect(await res.text()).toContain("HAsync admin");
    expect((await fetch(`${server.url}/frontend_latest/app.js`, { headers: INGRESS_ADMIN })).status).toBe(
      404,
    );
  });

  it("refuses hostile paths with a 4xx and never reads outside its cache", async () => {
    fs.writeFileSync(path.join(path.dirname(server.db.name), "secret.txt"), "secret");
    for (const at of [
      "/static/../../secret.txt",
      "/static/..%2f..%2fsecret.txt",
      "/static/%2e%2e/%2e%2e/secret.txt",
      "/frontend_latest/..%5c..%5csecret.txt",
      "/static/icons/%00.png",
      `/static/${"a".repeat(600)}.js`,
      "/static/nope.js",
    ]) {
      const res = await get(server.url, at);
      expect(res.status, at).toBeGreaterThanOrEqual(400);
      expect(res.status, at).toBeLessThan(500);
      expect(res.body.toString(), at).not.toContain("secret");
    }
    const huge = await get(server.url, `/static/${"a".repeat(20_000)}`);
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
  });

  it("keeps files per HA version: a new version refetches them and drops the old folder", async () => {
    const oldDir = cacheDirOf(server, "2026.11.3");
    expect(fs.readdirSync(oldDir).length).toBeGreaterThan(0);
    fs.writeFileSync(path.join(dir, "frontend_latest", "app.js"), "console.log('app 2027');\n");
    // Same version: the kept copy.
    expect(await (await fetch(`${server.url}/frontend_latest/app.js`)).text()).toBe("console.log('app');\n");
    ha.setHaVersion("2027.1.0");
    await expect.poll(() => server.hasync.ha.status().ha_version, { timeout: 10_000 }).toBe("2027.1.0");
    expect(await server.hasync.ha.waitUntilSynced(10_000)).toBe(true);
    expect(await (await fetch(`${server.url}/frontend_latest/app.js`)).text()).toBe(
      "console.log('app 2027');\n",
    );
    expect(fs.existsSync(oldDir)).toBe(false);
    expect(fs.readdirSync(cacheDirOf(server, "2027.1.0")).length).toBeGreaterThan(0);
  });

  it("gives devices HAsync's app again when HA is away, and HAsync's interface when chosen back", async () => {
    ha.setAvailable(false);
    ha.dropConnections();
    await expect.poll(() => server.hasync.ha.status().connected, { timeout: 10_000 }).toBe(false);
    expect(await (await fetch(`${server.url}/`, HTML)).text()).toContain("HAsync device app");
    ha.setAvailable(true);
    expect(await server.hasync.ha.waitUntilSynced(10_000)).toBe(true);
    expect(await (await fetch(`${server.url}/`, HTML)).text()).not.toContain("HAsync device app");
    await choose("hasync");
    expect(await (await fetch(`${server.url}/`, HTML)).text()).toContain("HAsync device app");
  });
});

const fixture = haFrontendFixture();

describe.skipIf(fixture.dir === null)(
  fixture.dir ? "HA's real built frontend through HAsync" : fixture.skipReason,
  () => {
    const ha = new DemoHomeAssistant({ frontendDir: fixture.dir ?? "", driftIntervalMs: 0 });
    let server: TestServer;
    beforeAll(async () => {
      await ha.start();
      server = await startTestServer({
        env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
      });
      expect(await server.hasync.ha.waitUntilSynced(10_000)).toBe(true);
      await adminFetch(server.url, "/interface-settings", {
        method: "PUT",
        body: JSON.stringify({ device_interface: "home_assistant" }),
      });
    });
    afterAll(async () => {
      await server.close();
      await ha.stop();
    });

    it("serves the index, the modules it loads and the workers exactly as HA does", async () => {
      const index = await both(ha.url, server.url, "/", HTML_ACCEPT);
      expect(index.through).toEqual(index.direct);
      const html = index.through.body.toString("utf8");
      const named = [...html.matchAll(/"(\/(?:frontend_latest|static)\/[^"]+)"/g)].map((m) => m[1] ?? "");
      expect(named.length).toBeGreaterThan(2);
      for (const at of [
        ...new Set(named),
        "/sw-modern.js",
        "/manifest.json",
        "/static/icons/favicon-192x192.png",
      ]) {
        const pair = await both(ha.url, server.url, at);
        expect(pair.through, at).toEqual(pair.direct);
        expect(pair.through.status, at).toBe(200);
      }
    });
  },
);
