import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, tempDir } from "../test-support/harness.js";

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = tempDir("hasync-tls-");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  server = await startTestServer({
    env: {
      HASYNC_SSL: "true",
      HASYNC_CERTFILE: path.join(dir, "cert.pem"),
      HASYNC_KEYFILE: path.join(dir, "key.pem"),
      HASYNC_ADMIN_PASSWORD: "a long enough passphrase",
      HASYNC_INGRESS_PORT: "0",
      HASYNC_INGRESS_PEER: "127.0.0.1",
    },
  });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("HTTPS (the add-on's ssl option)", () => {
  it("serves over TLS and marks the session cookie Secure", async () => {
    expect(server.url.startsWith("https://")).toBe(true);
    const body = JSON.stringify({ username: "admin", password: "a long enough passphrase" });
    const { status, setCookie } = await new Promise<{ status: number; setCookie: string }>(
      (resolve, reject) => {
        const req = https.request(
          `${server.url}/api/v1/auth/login`,
          {
            method: "POST",
            rejectUnauthorized: false,
            headers: { "content-type": "application/json", origin: server.url },
          },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, setCookie: String(res.headers["set-cookie"] ?? "") });
          },
        );
        req.on("error", reject);
        req.end(body);
      },
    );
    expect(status).toBe(200);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/HttpOnly/);
  });

  it("keeps Home Assistant's sidebar working: ingress gets its own plain-HTTP listener", async () => {
    const port = server.hasync.ingressPort;
    expect(port).toBeGreaterThan(0);
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, {
      headers: {
        "x-ingress-path": "/api/hassio_ingress/abc",
        "x-remote-user-id": "u1",
        "x-remote-user-name": "anna",
      },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { via: string } }).user.via).toBe("ingress");
  });
});
