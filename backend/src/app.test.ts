import fs from "node:fs";
import path from "node:path";
import { HealthResponseSchema } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, tempDir } from "./test-support/harness.js";

let server: TestServer;
let uiDir: string;

beforeAll(async () => {
  uiDir = tempDir("hasync-ui-");
  fs.mkdirSync(path.join(uiDir, "assets"));
  fs.writeFileSync(
    path.join(uiDir, "index.html"),
    '<!doctype html><html><head><title>t</title></head><body><script type="module" src="./assets/app.js"></script></body></html>',
  );
  fs.writeFileSync(path.join(uiDir, "assets", "app.js"), "console.log(1)");
  server = await startTestServer({ frontendDir: uiDir });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(uiDir, { recursive: true, force: true });
});

const post = (p: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${p}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });

describe("GET /health", () => {
  it("answers 200 with the contract shape and a working database", async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = HealthResponseSchema.parse(await res.json());
    expect(body.version).toBe("0.0.0-test");
    expect(body.checks.database).toBe("ok");
  });
});

describe("security headers", () => {
  it("sets a strict CSP that lets Home Assistant frame the panel, and no X-Powered-By", async () => {
    const res = await fetch(`${server.url}/health`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });
});

describe("bad input on the API", () => {
  it("answers malformed JSON with 400 invalid_json in the envelope, no stack trace", async () => {
    const res = await post("/api/v1/anything", '{"name": ');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: "invalid_json", message: "The request body is not valid JSON." },
    });
    expect(text).not.toMatch(/at .*\.js|SyntaxError/);
  });

  it("answers an oversized body with 413 payload_too_large", async () => {
    const res = await post("/api/v1/anything", JSON.stringify({ name: "x".repeat(200_000) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
  });

  it("answers unknown API paths with 404 not_found in the envelope", async () => {
    const res = await fetch(`${server.url}/api/v1/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("answers an unsupported charset with a 4xx envelope", async () => {
    const res = await post("/api/v1/anything", "{}", { "content-type": "application/json; charset=klingon" });
    expect(res.status).toBe(415);
  });
});

describe("admin UI", () => {
  it("serves index.html under /admin/ on the LAN port with a pinned base and no caching", async () => {
    const res = await fetch(`${server.url}/admin/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toContain('<base href="/admin/" />');
  });

  it("serves deep links with the app and assets as files", async () => {
    const deep = await fetch(`${server.url}/devices/abc`, { headers: { accept: "text/html" } });
    expect(deep.status).toBe(200);
    expect(deep.url).toBe(`${server.url}/admin/devices/abc`);
    expect(await deep.text()).toContain('<base href="/admin/" />');
    const asset = await fetch(`${server.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });
});
