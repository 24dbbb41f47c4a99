import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";

import { REFUSED_ROUTES } from "./rest/refused.js";
import { scopedConfig } from "./views.js";

/** HA's REST surface beyond states and service calls: HA's answer is the reference, cut to the scope. */
let fx: GatewayFixture;
let token: string;
let deviceId: string;

beforeAll(async () => {
  fx = await startGatewayFixture();
  const paired = await fx.pair({
    areas: ["kitchen"],
    entities: ["weather.forecast_home"],
    access: "control",
  });
  token = paired.token;
  deviceId = paired.device.id;
});

afterAll(async () => {
  await fx.close();
});

type Where = "direct" | "hasync";
/** The same request directly against the demo HA (its admin token) and through HAsync (a device token). */
const call = (where: Where, path: string, init: RequestInit = {}, bearer: string | null = null) => {
  const base = where === "direct" ? fx.ha.url : fx.url;
  const auth = bearer ?? (where === "direct" ? fx.ha.token : token);
  return fetch(`${base}${path}`, {
    ...init,
    headers: { "content-type": "application/json", authorization: `Bearer ${auth}` },
  });
};
const anonymous = (path: string, init: RequestInit = {}) => fetch(`${fx.url}${path}`, init);
const scope = () => fx.server.hasync.devices.entitiesOf(deviceId);

describe("GET /api/services", () => {
  it("is HA's list of {domain, services}, cut to what the device may call", async () => {
    const direct = (await (await call("direct", "/api/services")).json()) as Array<{ domain: string }>;
    const res = await call("hasync", "/api/services");
    expect(res.status).toBe(200);
    const mine = (await res.json()) as Array<{ domain: string; services: Record<string, unknown> }>;
    const allowed = fx.server.hasync.devices.allowedServices(deviceId, fx.server.hasync.ha.services());
    expect(mine).toEqual(Object.entries(allowed).map(([domain, services]) => ({ domain, services })));
    expect(mine.map((entry) => entry.domain)).toContain("light");
    expect(mine.map((entry) => entry.domain)).not.toContain("lock");
    expect(direct.map((entry) => entry.domain)).toContain("lock");
  });

  it("is empty for a read-only device", async () => {
    const reader = await fx.pair({ areas: ["kitchen"], access: "read" }, "Reader");
    expect(await (await call("hasync", "/api/services", {}, reader.token)).json()).toEqual([]);
  });
});

describe("GET /api/events and /api/components", () => {
  it("lists only the event types a device may subscribe to, never HA's listener counts", async () => {
    const direct = (await (await call("direct", "/api/events")).json()) as Array<{ event: string }>;
    expect(direct.map((entry) => entry.event)).toContain("mobile_app_notification_action");
    const mine = await (await call("hasync", "/api/events")).json();
    // HA's SUBSCRIBE_ALLOWLIST (auth/permissions/events.py), written out so the test does not read
    // the list it checks.
    expect(mine).toEqual(
      [
        "area_registry_updated",
        "category_registry_updated",
        "component_loaded",
        "core_config_updated",
        "device_registry_updated",
        "entity_registry_updated",
        "floor_registry_updated",
        "label_registry_updated",
        "lovelace_updated",
        "panels_updated",
        "recorder_5min_statistics_generated",
        "recorder_hourly_statistics_generated",
        "repairs_issue_registry_updated",
        "service_registered",
        "service_removed",
        "shopping_list_updated",
        "state_changed",
        "themes_updated",
      ].map((event) => ({ event, listener_count: 0 })),
    );
  });

  it("lists the components get_config gives the device, not every loaded one", async () => {
    const direct = (await (await call("direct", "/api/components")).json()) as string[];
    const mine = (await (await call("hasync", "/api/components")).json()) as string[];
    expect(mine).toEqual(scopedConfig(fx.server.hasync.ha.config(), scope()).components);
    expect(mine).toContain("light");
    expect(mine).not.toContain("lock");
    // mobile_app is HAsync's own (mobile-app/), listed whatever HA loaded.
    expect(direct).toEqual(expect.arrayContaining([...mine.filter((c) => c !== "mobile_app"), "lock"]));
  });
});

describe("GET /api/core/state", () => {
  it("is HA's own answer: the run state and the recorder's migration, nothing of the house", async () => {
    const direct = await (await call("direct", "/api/core/state")).json();
    const mine = await call("hasync", "/api/core/state");
    expect(mine.status).toBe(200);
    expect(await mine.json()).toEqual(direct);
    expect(direct).toMatchObject({ state: "RUNNING", recorder_state: { migration_in_progress: false } });
    expect((await anonymous("/api/core/state")).status).toBe(401);
  });
});

const concrete = (path: string) => path.replace(/:[a-z_]+/g, (param) => `x${param.length}`);

describe("endpoints HA keeps for administrators", () => {
  it("refuses every one with the service call's 403, and 401 without a token, as HA's views do", async () => {
    for (const [method, path] of REFUSED_ROUTES) {
      const url = concrete(path);
      const init = { method: method.toUpperCase(), body: method === "get" ? null : "{}" };
      const refused = await call("hasync", url, init);
      expect([url, method, refused.status]).toEqual([url, method, 403]);
      expect(await refused.json()).toEqual({ message: "Unauthorized" });
      const anon = await anonymous(url, init);
      expect([url, anon.status, await anon.text()]).toEqual([url, 401, "401: Unauthorized"]);
    }
  });

  it("never sets a state: HA would for its admin, HAsync answers 403 and HA is unchanged", async () => {
    const body = JSON.stringify({ state: "on", attributes: { friendly_name: "Fake" } });
    const before = fx.ha.entityCount;
    const refused = await call("hasync", "/api/states/light.kitchen_spots", { method: "POST", body });
    expect(refused.status).toBe(403);
    const created = await call("hasync", "/api/states/sensor.injected", { method: "POST", body });
    expect(created.status).toBe(403);
    expect(fx.ha.entityCount).toBe(before);
    const direct = await call("direct", "/api/states/sensor.created_directly", { method: "POST", body });
    expect(direct.status).toBe(201);
    expect(direct.headers.get("location")).toBe("/api/states/sensor.created_directly");
  });
});

describe("paths and methods HA does not route", () => {
  it("answers an unknown path with aiohttp's plain-text 404, byte for byte as HA", async () => {
    const direct = await call("direct", "/api/nothing-here");
    const mine = await call("hasync", "/api/nothing-here");
    expect([mine.status, await mine.text()]).toEqual([direct.status, await direct.text()]);
    expect(mine.headers.get("content-type")).toBe(direct.headers.get("content-type"));
    expect(mine.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  it("answers it 404 without a token too: HA's auth middleware never refuses, its views do", async () => {
    for (const path of [
      "/api/nothing-here",
      "/api/nothing/here",
      "/api/states/x/y",
      "/API/states",
      "/api/states/",
    ]) {
      const res = await anonymous(path);
      expect([path, res.status, await res.text()]).toEqual([path, 404, "404: Not Found"]);
    }
  });

  it("answers another method on a known path 405 with HA's Allow header, before authentication", async () => {
    const direct = await call("direct", "/api/services/light/turn_on");
    const mine = await anonymous("/api/services/light/turn_on");
    expect([mine.status, await mine.text()]).toEqual([direct.status, await direct.text()]);
    expect(mine.headers.get("allow")).toBe("POST");
    const states = await call("hasync", "/api/states/light.kitchen_spots", { method: "PUT" });
    expect([states.status, states.headers.get("allow")]).toEqual([405, "DELETE,GET,POST"]);
    const flow = await call("hasync", "/api/config/config_entries/flow");
    expect([flow.status, flow.headers.get("allow")]).toEqual([405, "POST"]);
    for (const path of ["/api/history/period", "/api/logbook/2026-01-01T00:00:00Z"]) {
      const room = await anonymous(path, { method: "POST" });
      expect([path, room.status, room.headers.get("allow"), await room.text()]).toEqual([
        path,
        405,
        "GET",
        "405: Method Not Allowed",
      ]);
    }
    expect((await anonymous("/api/logbook/a/b", { method: "POST" })).status).toBe(404);
  });

  it("leaves HAsync's own /api/v1 to its router and envelope", async () => {
    expect((await anonymous("/api/v1/auth/status")).status).toBe(200);
    expect((await anonymous("/API/V1/auth/status")).status).toBe(200);
    const missing = await anonymous("/api/v1/nothing-here");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
    const ui = await anonymous("/");
    expect(await ui.text()).not.toBe("404: Not Found");
  });
});
