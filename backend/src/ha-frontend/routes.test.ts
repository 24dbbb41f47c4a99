import type { AuditEntry, InterfaceStatus } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoHomeAssistant } from "../simulator/index.js";
import { syntheticFrontend } from "../test-support/ha-frontend.js";
import { startTestServer, type TestServer } from "../test-support/harness.js";
import { adminFetch } from "../test-support/pairing.js";

const put = (body: unknown): RequestInit => ({ method: "PUT", body: JSON.stringify(body) });

describe("GET|PUT /api/v1/admin/interface-settings against an HA with its interface", () => {
  const ha = new DemoHomeAssistant({
    frontendDir: syntheticFrontend(),
    driftIntervalMs: 0,
    haVersion: "2026.11.3",
  });
  let server: TestServer;
  beforeAll(async () => {
    await ha.start();
    server = await startTestServer({
      env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    });
    expect(await server.hasync.ha.waitUntilSynced(10_000)).toBe(true);
  });
  afterAll(async () => {
    await server.close();
    await ha.stop();
  });

  it("starts at HAsync's interface and says HA's can be served, at which version", async () => {
    const res = await adminFetch(server.url, "/interface-settings");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await res.json()) as InterfaceStatus).toEqual({
      device_interface: "hasync",
      ha_frontend: { available: true, version: "2026.11.3", reason: null },
    });
  });

  it("saves the choice, audits the change once, and answers the status", async () => {
    const res = await adminFetch(
      server.url,
      "/interface-settings",
      put({ device_interface: "home_assistant" }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as InterfaceStatus).device_interface).toBe("home_assistant");
    await adminFetch(server.url, "/interface-settings", put({ device_interface: "home_assistant" }));
    const audit = (await (await adminFetch(server.url, "/audit?type=interface.settings_changed")).json()) as {
      entries: AuditEntry[];
    };
    const changes = audit.entries.filter((e) => e.type === "interface.settings_changed");
    expect(changes).toHaveLength(1);
    expect(changes[0]?.detail).toEqual({
      from: { device_interface: "hasync" },
      to: { device_interface: "home_assistant" },
    });
    const back = await adminFetch(server.url, "/interface-settings", put({ device_interface: "hasync" }));
    expect(((await back.json()) as InterfaceStatus).device_interface).toBe("hasync");
  });

  it("refuses bad input in HAsync's envelope, and nothing changes", async () => {
    for (const body of [{ device_interface: "kiosk" }, {}, { device_interface: 1 }, []]) {
      const res = await adminFetch(server.url, "/interface-settings", put(body));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: "invalid_request", message: expect.any(String) } });
    }
    const now = (await (await adminFetch(server.url, "/interface-settings")).json()) as InterfaceStatus;
    expect(now.device_interface).toBe("hasync");
  });

  it("is the admin's: no session gets 401, a cross-site write 403, a form post 415", async () => {
    expect((await fetch(`${server.url}/api/v1/admin/interface-settings`)).status).toBe(401);
    const crossSite = await fetch(`${server.url}/api/v1/admin/interface-settings`, {
      method: "PUT",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ device_interface: "home_assistant" }),
    });
    expect(crossSite.status).toBe(403);
    const viaIngressCrossSite = await adminFetch(server.url, "/interface-settings", {
      ...put({ device_interface: "home_assistant" }),
      headers: { origin: "http://evil.example" },
    });
    expect(viaIngressCrossSite.status).toBe(403);
    const form = await adminFetch(server.url, "/interface-settings", {
      method: "PUT",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "device_interface=home_assistant",
    });
    expect(form.status).toBe(415);
    const now = (await (await adminFetch(server.url, "/interface-settings")).json()) as InterfaceStatus;
    expect(now.device_interface).toBe("hasync");
  });

  it("says why HA's interface is not available while HA is away", async () => {
    ha.setAvailable(false);
    ha.dropConnections();
    try {
      await expect
        .poll(
          async () =>
            ((await (await adminFetch(server.url, "/interface-settings")).json()) as InterfaceStatus)
              .ha_frontend,
        )
        .toEqual({
          available: false,
          version: null,
          reason: expect.stringMatching(/not connected|could not be fetched/),
        });
    } finally {
      ha.setAvailable(true);
    }
    expect(await server.hasync.ha.waitUntilSynced(10_000)).toBe(true);
  });
});

describe("interface settings in the embedded demo", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { HASYNC_INGRESS_PEER: "127.0.0.1" } });
  });
  afterAll(() => server.close());

  it("says the demo has no HA interface, whatever the choice", async () => {
    await adminFetch(server.url, "/interface-settings", put({ device_interface: "home_assistant" }));
    expect(await (await adminFetch(server.url, "/interface-settings")).json()).toEqual({
      device_interface: "home_assistant",
      ha_frontend: {
        available: false,
        version: null,
        reason: "The embedded demo home has no Home Assistant interface to serve.",
      },
    });
    // Devices still get HAsync's own app at `/` (the build is absent here: its 503 in words).
    const page = await fetch(`${server.url}/`, { headers: { accept: "text/html" } });
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
  });
});
