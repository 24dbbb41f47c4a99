import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, tempDir } from "../test-support/harness.js";
import { INGRESS_ADMIN } from "../test-support/pairing.js";

/** HAsync with the add-on's `ssl` option: HTTPS on the LAN port, ingress on a plain listener. */
let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = tempDir("hasync-screen-tls-");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"],
      ...["-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
    ],
    { stdio: "ignore" },
  );
  server = await startTestServer({
    env: {
      HASYNC_SSL: "true",
      HASYNC_CERTFILE: path.join(dir, "cert.pem"),
      HASYNC_KEYFILE: path.join(dir, "key.pem"),
      HASYNC_INGRESS_PORT: "0",
      HASYNC_INGRESS_PEER: "127.0.0.1",
    },
  });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("screens over HTTPS", () => {
  it("mark the pairing cookie Secure", async () => {
    const setCookie = await new Promise<string>((resolve, reject) => {
      const req = https.request(
        `${server.url}/api/v1/screen/pairing`,
        {
          method: "POST",
          rejectUnauthorized: false,
          headers: { "content-type": "application/json", origin: server.url },
        },
        (res) => {
          res.resume();
          resolve(String(res.headers["set-cookie"] ?? ""));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ name: "Hall tablet" }));
    });
    expect(setCookie).toMatch(/^hasync_screen_pairing=[A-Za-z0-9_-]+;/);
    expect(setCookie).toMatch(/; Secure/);
  });

  it("are given the https LAN address by an admin in Home Assistant's sidebar", async () => {
    const res = await fetch(`http://127.0.0.1:${server.hasync.ingressPort}/api/v1/admin/screen-address`, {
      headers: { ...INGRESS_ADMIN, "x-forwarded-host": "192.168.1.20:8123" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ url: `https://192.168.1.20:${server.port}/` });
  });
});
