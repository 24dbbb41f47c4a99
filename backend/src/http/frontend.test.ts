import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, tempDir } from "../test-support/harness.js";
import { INGRESS_ADMIN } from "../test-support/pairing.js";

/** A built frontend as Vite leaves it: both apps' HTML, shared assets, the device app's shell files. */
function fakeBuild(withScreen: boolean): string {
  const dir = tempDir("hasync-ui-");
  fs.mkdirSync(path.join(dir, "assets"));
  const html = (title: string) =>
    `<!doctype html><html><head><title>${title}</title></head><body><script type="module" src="./assets/app.js"></script></body></html>`;
  fs.writeFileSync(path.join(dir, "index.html"), html("admin"));
  if (withScreen) fs.writeFileSync(path.join(dir, "screen.html"), html("screen"));
  fs.writeFileSync(path.join(dir, "assets", "app.js"), "console.log(1)");
  fs.writeFileSync(path.join(dir, "sw.js"), "self.addEventListener('fetch', () => {})");
  fs.writeFileSync(path.join(dir, "manifest.webmanifest"), "{}");
  return dir;
}

let server: TestServer;
let bare: TestServer;
const dirs: string[] = [];

beforeAll(async () => {
  dirs.push(fakeBuild(true), fakeBuild(false));
  server = await startTestServer({ frontendDir: dirs[0], env: { HASYNC_INGRESS_PEER: "127.0.0.1" } });
  bare = await startTestServer({ frontendDir: dirs[1] });
});
afterAll(async () => {
  await Promise.all([server.close(), bare.close()]);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const get = (p: string, headers: Record<string, string> = {}, base = server.url) =>
  fetch(`${base}${p}`, { redirect: "manual", headers: { accept: "text/html", ...headers } });

describe("the LAN port", () => {
  it("serves the device app at / and /invite with its base and the device CSP", async () => {
    for (const p of ["/", "/invite"]) {
      const res = await get(p);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = await res.text();
      expect(body).toContain("<title>screen</title>");
      expect(body).toContain('<base href="/" />');
      const csp = res.headers.get("content-security-policy") ?? "";
      for (const directive of [
        "frame-ancestors 'none'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "img-src 'self' data: blob:",
        "script-src 'self'",
        `connect-src 'self' ws://127.0.0.1:${server.port}`,
      ])
        expect(csp).toContain(directive);
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("serves the admin UI under /admin/, deep links included, with the admin CSP", async () => {
    for (const p of ["/admin/", "/admin/devices/abc", "/admin/pair"]) {
      const res = await get(p);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain("<title>admin</title>");
      expect(body).toContain('<base href="/admin/" />');
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    }
    const bareAdmin = await get("/admin?x=1");
    expect(bareAdmin.status).toBe(308);
    expect(bareAdmin.headers.get("location")).toBe("/admin/?x=1");
  });

  it("redirects the admin's old links to /admin/, keeping the query", async () => {
    const cases: Record<string, string> = {
      "/pair?code=ABCD-EFGH": "/admin/pair?code=ABCD-EFGH",
      "/devices": "/admin/devices",
      "/devices/dev_1?tab=scope": "/admin/devices/dev_1?tab=scope",
      "/activity": "/admin/activity",
      "/settings": "/admin/settings",
      "/invites": "/admin/invites",
      "/index.html": "/admin/",
    };
    for (const [from, to] of Object.entries(cases)) {
      const res = await get(from);
      expect(res.status, from).toBe(302);
      expect(res.headers.get("location"), from).toBe(to);
    }
  });

  it("serves the shared assets at both prefixes, and the service worker and manifest revalidated", async () => {
    for (const p of ["/assets/app.js", "/admin/assets/app.js"]) {
      const res = await get(p);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toContain("immutable");
    }
    expect((await get("/assets/missing.js")).status).toBe(404);
    for (const p of ["/sw.js", "/manifest.webmanifest"]) {
      const res = await get(p);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-cache");
    }
  });

  it("answers 503 in words when the device app is not built, the admin UI still served", async () => {
    const res = await get("/", {}, bare.url);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not built/);
    expect((await get("/admin/", {}, bare.url)).status).toBe(200);
  });

  it("leaves the API alone, also where the admin UI's relative URLs put it (/admin/api, /admin/health)", async () => {
    const res = await get("/api/v1/nope");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const status = await get("/admin/api/v1/auth/status");
    expect(status.status).toBe(200);
    expect(status.headers.get("content-type")).toContain("application/json");
    expect((await get("/admin/health")).headers.get("content-type")).toContain("application/json");
    // Home Assistant's device API is not aliased: it has one address.
    expect((await get("/admin/api/states")).headers.get("content-type")).not.toContain("application/json");
  });
});

describe("ingress", () => {
  it("keeps the admin UI at its root, deep links included, framable by Home Assistant", async () => {
    for (const p of ["/", "/devices/abc", "/activity"]) {
      const res = await get(p, INGRESS_ADMIN);
      expect(res.status, p).toBe(200);
      const body = await res.text();
      expect(body).toContain("<title>admin</title>");
      expect(body).toContain('<base href="/api/hassio_ingress/test-token/" />');
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    }
    expect((await get("/assets/app.js", INGRESS_ADMIN)).status).toBe(200);
  });
});
