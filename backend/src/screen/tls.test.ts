import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../test-support/harness.js";
import { INGRESS_ADMIN } from "../test-support/pairing.js";
import { postOverTls, startTlsServer } from "../test-support/tls.js";

/** HAsync with the add-on's `ssl` option: HTTPS on the LAN port, ingress on a plain listener. */
let server: TestServer;

beforeAll(async () => {
  server = await startTlsServer();
});
afterAll(() => server.close());

describe("screens over HTTPS", () => {
  it("mark the pairing cookie Secure", async () => {
    const { setCookie } = await postOverTls(`${server.url}/api/v1/screen/pairing`, { name: "Hall tablet" });
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
