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
});
