import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haFrontendFixture, syntheticFrontend } from "../test-support/ha-frontend.js";
import { DemoHomeAssistant, renderIndex } from "./index.js";

const fixture = haFrontendFixture();

describe("the demo HA serving HA's web interface (frontendDir)", () => {
  const dir = syntheticFrontend();
  const demo = new DemoHomeAssistant({ frontendDir: dir, driftIntervalMs: 0 });
  beforeAll(() => demo.start());
  afterAll(() => demo.stop());

  it("serves the built files at HA's paths, public, with HA's cache and security headers", async () => {
    const res = await fetch(`${demo.url}/frontend_latest/app.js`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("console.log('app');\n");
    expect(res.headers.get("content-type")).toBe("text/javascript");
    expect(res.headers.get("cache-control")).toBe("public, max-age=2678400");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBeNull();
    const worker = await fetch(`${demo.url}/sw-modern.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get("cache-control")).toBeNull();
    const authorize = await fetch(`${demo.url}/auth/authorize?client_id=x`);
    expect(await authorize.text()).toBe("<!DOCTYPE html><title>authorize</title>");
  });

  it("renders the index at / and at panel paths, and nowhere else", async () => {
    for (const at of ["/", "/lovelace/0", "/home/areas-kitchen", "/config/dashboard"]) {
      const res = await fetch(`${demo.url}${at}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const html = await res.text();
      expect(html).toContain('content="#03A9F4"');
      expect(html).toContain("<script></script><script>if (!window.latestJS) {}</script></body></html>");
      expect(html).not.toMatch(/\{[{%]/);
    }
    expect((await fetch(`${demo.url}/no-such-panel`)).status).toBe(401);
  });

  it("generates /manifest.json as ManifestJSONView does", async () => {
    const res = await fetch(`${demo.url}/manifest.json`);
    expect(res.headers.get("content-type")).toBe("application/manifest+json; charset=utf-8");
    const text = await res.text();
    expect(text.startsWith('{"background_color":"#FFFFFF","description":')).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ name: "Home Assistant", theme_color: "#03A9F4" });
  });

  it("answers a revalidation with 304 and never leaves the directory", async () => {
    const first = await fetch(`${demo.url}/static/translations/en.json`);
    const etag = first.headers.get("etag") ?? "";
    const again = await fetch(`${demo.url}/static/translations/en.json`, {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    fs.writeFileSync(path.join(path.dirname(dir), "secret.txt"), "secret");
    for (const at of [
      "/static/..%2f..%2fsecret.txt",
      "/static/icons/..%5c..%5c..%5csecret.txt",
      "/static/nope.js",
    ]) {
      const res = await fetch(`${demo.url}${at}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe("404: Not Found");
    }
  });

  it("keeps the API behind its token", async () => {
    expect((await fetch(`${demo.url}/api/states`)).status).toBe(401);
  });

  it("reports a changed version to new connections after setHaVersion", async () => {
    const before = (await (await fetch(`${demo.url}/api/config`, auth(demo))).json()) as { version: string };
    demo.setHaVersion("2027.1.0");
    const after = (await (await fetch(`${demo.url}/api/config`, auth(demo))).json()) as { version: string };
    expect([before.version, after.version]).toEqual(["2026.11.3", "2027.1.0"]);
  });
});

describe("the fixture's absence", () => {
  const missing = { HASYNC_HA_FRONTEND_FIXTURE: path.join(syntheticFrontend(), "no-such-dir") };

  it("skips with a message naming where it was looked for, and fails under CI", () => {
    expect(haFrontendFixture(missing)).toEqual({
      dir: null,
      skipReason: expect.stringContaining(missing.HASYNC_HA_FRONTEND_FIXTURE),
    });
    expect(() => haFrontendFixture({ ...missing, CI: "true" })).toThrow(/CI needs HA's built frontend/);
  });
});

function auth(demo: DemoHomeAssistant): RequestInit {
  return { headers: { authorization: `Bearer ${demo.token}` } };
}

describe.skipIf(fixture.dir === null)(fixture.dir ? "HA's real built frontend" : fixture.skipReason, () => {
  const demo = new DemoHomeAssistant({ frontendDir: fixture.dir ?? "", driftIntervalMs: 0 });
  beforeAll(() => demo.start());
  afterAll(() => demo.stop());

  it("renders its index template completely and serves the modules it names", async () => {
    const html = await (await fetch(`${demo.url}/`)).text();
    const template = fs.readFileSync(path.join(fixture.dir ?? "", "index.html"), "utf8");
    expect(html).toBe(renderIndex(template));
    expect(html).not.toMatch(/\{[{%]/);
    const modules = [...html.matchAll(/"(\/frontend_latest\/[^"]+\.js)"/g)].map((m) => m[1] ?? "");
    expect(modules.length).toBeGreaterThan(2);
    for (const url of modules) expect((await fetch(`${demo.url}${url}`)).status, url).toBe(200);
  });
});
