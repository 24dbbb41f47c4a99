import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, tempDir } from "../test-support/harness.js";

const INGRESS = {
  "x-ingress-path": "/api/hassio_ingress/aB3_x-9",
  "x-remote-user-id": "8a1f0c",
  "x-remote-user-name": "anna",
  "x-remote-user-display-name": "Anna Example",
};

let uiDir: string;
let trusting: TestServer; // believes ingress headers from 127.0.0.1 (as from the Supervisor)
let lan: TestServer; // default peer 172.30.32.2: the test client is "someone on the LAN"

beforeAll(async () => {
  uiDir = tempDir("hasync-ui-");
  fs.writeFileSync(path.join(uiDir, "index.html"), "<!doctype html><html><head></head><body></body></html>");
  trusting = await startTestServer({ env: { HASYNC_INGRESS_PEER: "127.0.0.1" }, frontendDir: uiDir });
  lan = await startTestServer({ frontendDir: uiDir });
});
afterAll(async () => {
  await trusting.close();
  await lan.close();
  fs.rmSync(uiDir, { recursive: true, force: true });
});

describe("Home Assistant ingress sign-in", () => {
  it("treats the HA user behind ingress as an admin, without a password", async () => {
    const me = await fetch(`${trusting.url}/api/v1/auth/me`, { headers: INGRESS });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ user: { name: "anna", display_name: "Anna Example", via: "ingress" } });
    expect((await fetch(`${trusting.url}/api/v1/admin/audit`, { headers: INGRESS })).status).toBe(200);
  });

  it("audits the first ingress sign-in of a user once, not on every request", async () => {
    await fetch(`${trusting.url}/api/v1/auth/me`, { headers: INGRESS });
    await fetch(`${trusting.url}/api/v1/auth/me`, { headers: INGRESS });
    const rows = trusting.db
      .prepare("SELECT actor, detail FROM audit_log WHERE type = 'auth.login'")
      .all() as { actor: string; detail: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor).toBe("anna");
    expect(JSON.parse(rows[0]?.detail ?? "{}")).toMatchObject({ via: "ingress", ha_user_id: "8a1f0c" });
  });

  it("pins the document base to the ingress prefix", async () => {
    const html = await (
      await fetch(`${trusting.url}/devices/x`, { headers: { ...INGRESS, accept: "text/html" } })
    ).text();
    expect(html).toContain('<base href="/api/hassio_ingress/aB3_x-9/" />');
  });

  it("accepts ingress writes without a matching Host (HA's origin is not ours)", async () => {
    const res = await fetch(`${trusting.url}/api/v1/auth/logout`, {
      method: "POST",
      headers: { ...INGRESS, "content-type": "application/json", origin: "http://homeassistant.local:8123" },
      body: "{}",
    });
    expect(res.status).toBe(204);
  });

  it("refuses an ingress write from a foreign Origin, with or without X-Forwarded-Host", async () => {
    const logout = (headers: Record<string, string>) =>
      fetch(`${trusting.url}/api/v1/auth/logout`, {
        method: "POST",
        headers: { ...INGRESS, "content-type": "application/json", ...headers },
        body: "{}",
      });
    expect((await logout({ origin: "http://evil.example" })).status).toBe(403);
    expect(
      (await logout({ origin: "http://evil.example", "x-forwarded-host": "ha.home.arpa:8123" })).status,
    ).toBe(403);
    expect(
      (await logout({ origin: "https://ha.home.arpa", "x-forwarded-host": "ha.home.arpa:8123" })).status,
    ).toBe(204);
  });

  it("ignores a malformed ingress path", async () => {
    const res = await fetch(`${trusting.url}/api/v1/auth/me`, {
      headers: { ...INGRESS, "x-ingress-path": '/api/hassio_ingress/x"><script>' },
    });
    expect(res.status).toBe(401);
  });
});

describe("the same headers from anyone else", () => {
  it("get nothing: no admin, no ingress base", async () => {
    expect((await fetch(`${lan.url}/api/v1/auth/me`, { headers: INGRESS })).status).toBe(401);
    expect((await fetch(`${lan.url}/api/v1/admin/audit`, { headers: INGRESS })).status).toBe(401);
    // The LAN port's admin UI (under /admin/ there), not the ingress one at the root.
    const html = await (await fetch(`${lan.url}/admin/`, { headers: INGRESS })).text();
    expect(html).toContain('<base href="/admin/" />');
    const status = (await (await fetch(`${lan.url}/api/v1/auth/status`, { headers: INGRESS })).json()) as {
      ingress: boolean;
    };
    expect(status.ingress).toBe(false);
  });
});

describe("password login disabled", () => {
  it.each([
    ["no password", {}, /no admin password is set/],
    ["a short password", { HASYNC_ADMIN_PASSWORD: "abc123" }, /shorter than 10 characters/],
    ["the well-known default", { HASYNC_ADMIN_PASSWORD: "change-this-password" }, /well-known/],
    [
      "the username as password",
      { HASYNC_ADMIN_USERNAME: "kitchenadmin", HASYNC_ADMIN_PASSWORD: "KitchenAdmin" },
      /well-known/,
    ],
  ])("with %s: login refused and the status says why and how to fix it", async (_name, env, reason) => {
    const server = await startTestServer({ env });
    try {
      const status = (await (await fetch(`${server.url}/api/v1/auth/status`)).json()) as {
        password_login: { enabled: boolean; reason: string };
      };
      expect(status.password_login.enabled).toBe(false);
      expect(status.password_login.reason).toMatch(reason);
      // Run on its own (no Supervisor), the advice is how to set the password here.
      expect(status.password_login.reason).toMatch(
        /HASYNC_ADMIN_PASSWORD='pick a long passphrase' npm start/,
      );
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url },
        body: JSON.stringify({ username: "admin", password: "change-this-password" }),
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("password_login_disabled");
    } finally {
      await server.close();
    }
  });
});
