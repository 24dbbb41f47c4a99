import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../test-support/harness.js";
import { postOverTls, startTlsServer } from "../test-support/tls.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTlsServer({ HASYNC_ADMIN_PASSWORD: "a long enough passphrase" });
});
afterAll(() => server.close());

describe("HTTPS (the add-on's ssl option)", () => {
  it("serves over TLS and marks the session cookie Secure", async () => {
    expect(server.url.startsWith("https://")).toBe(true);
    const { status, setCookie } = await postOverTls(`${server.url}/api/v1/auth/login`, {
      username: "admin",
      password: "a long enough passphrase",
    });
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
