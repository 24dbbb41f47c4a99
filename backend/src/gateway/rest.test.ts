import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withoutSignatures } from "../test-support/cameras.js";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";

/** HA's REST API for devices: same token, same scope, HA's answers. */
let fx: GatewayFixture;
let token: string;
let deviceId: string;

beforeAll(async () => {
  fx = await startGatewayFixture();
  const paired = await fx.pair({
    areas: ["kitchen"],
    entities: ["weather.forecast_home", "camera.driveway"],
    access: "control",
  });
  token = paired.token;
  deviceId = paired.device.id;
});

afterAll(async () => {
  await fx.close();
});

const api = (path: string, init: RequestInit = {}, bearer: string | null = token) =>
  fetch(`${fx.url}/api${path}`, {
    ...init,
    headers: {
      "content-type": "application/json",
      ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
    },
  });
const post = (path: string, body: unknown) => api(path, { method: "POST", body: JSON.stringify(body) });
const scope = () => [...fx.server.hasync.devices.entitiesOf(deviceId)].sort();

describe("authentication", () => {
  it("answers 401 like HA without a valid device token", async () => {
    for (const bearer of [null, "nope", `hasync_${"C".repeat(43)}`]) {
      const res = await api("/", {}, bearer);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe("401: Unauthorized");
    }
    const ok = await api("/");
    expect(await ok.json()).toEqual({ message: "API running." });
  });

  it("leaves HAsync's own /api/v1 to the app and answers unknown /api paths as HA", async () => {
    const status = await fetch(`${fx.url}/api/v1/auth/status`);
    expect(status.status).toBe(200);
    const unknown = await api("/no/such/view");
    expect([unknown.status, await unknown.text()]).toEqual([404, "404: Not Found"]);
  });
});

describe("reading", () => {
  it("GET /api/config is the scoped config", async () => {
    const config = (await (await api("/config")).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ location_name: "Demo Home", version: "2026.11.3" });
    expect(config).not.toHaveProperty("internal_url");
    expect(config).not.toHaveProperty("latitude");
  });

  it("GET /api/states is exactly the scope, without credentials", async () => {
    const text = await (await api("/states")).text();
    const states = JSON.parse(text) as Array<{ entity_id: string }>;
    expect(states.map((s) => s.entity_id).sort()).toEqual(scope());
    expect(states.map((s) => s.entity_id)).toContain("camera.driveway");
    expect(withoutSignatures(text)).not.toMatch(/access_token|token=/);
    const camera = await (await api("/states/camera.driveway")).text();
    expect(withoutSignatures(camera)).not.toMatch(/access_token|token=/);
  });

  it("GET /api/states/<id> answers 404 alike for out-of-scope and unknown entities", async () => {
    const light = await api("/states/light.kitchen_spots");
    expect(light.status).toBe(200);
    expect(await light.json()).toMatchObject({ entity_id: "light.kitchen_spots" });
    const hidden = await api("/states/lock.front_door");
    const unknown = await api("/states/lock.nowhere");
    expect([hidden.status, unknown.status]).toEqual([404, 404]);
    expect(await hidden.json()).toEqual({ message: "Entity not found." });
    expect(await unknown.json()).toEqual({ message: "Entity not found." });
  });
});

describe("POST /api/services/<domain>/<service>", () => {
  it("forwards an in-scope call and returns the in-scope states it changed", async () => {
    const res = await post("/services/light/turn_on", { entity_id: "light.kitchen_spots", brightness: 33 });
    expect(res.status).toBe(200);
    const changed = (await res.json()) as Array<{ entity_id: string; attributes: Record<string, unknown> }>;
    expect(changed.map((s) => s.entity_id)).toEqual(["light.kitchen_spots"]);
    expect(changed[0]?.attributes.brightness).toBe(33);
    expect(JSON.stringify(fx.ha.serviceCalls.at(-1))).toContain("light.kitchen_spots");
  });

  it("returns the service response when asked, like HA", async () => {
    const res = await post("/services/weather/get_forecasts?return_response", {
      entity_id: "weather.forecast_home",
      type: "daily",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      changed_states: unknown[];
      service_response: Record<string, unknown>;
    };
    expect(body.changed_states).toEqual([]);
    expect(Object.keys(body.service_response)).toEqual(["weather.forecast_home"]);
  });

  it("refuses out-of-scope calls with 403 and never sends them", async () => {
    const calls = fx.ha.serviceCalls.length;
    const res = await post("/services/lock/unlock", { entity_id: "lock.front_door" });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: "Unauthorized" });
    const noTarget = await post("/services/light/turn_off", {});
    expect(noTarget.status).toBe(403);
    expect(fx.ha.serviceCalls.length).toBe(calls);
  });

  it("passes HA's validation errors on as 400 and rejects non-object bodies", async () => {
    const invalid = await post("/services/light/turn_on", {
      entity_id: "light.kitchen_spots",
      brightness: "x",
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { message: string }).message).toMatch(/brightness/);
    expect((await post("/services/light/turn_on", ["light.kitchen_spots"])).status).toBe(400);
  });

  it("answers 503 while HA is away, and reads keep working from the mirror", async () => {
    fx.ha.setAvailable(false);
    fx.ha.dropConnections();
    await waitFor(() => !fx.server.hasync.ha.status().connected, 10_000, "HAsync to notice");
    const res = await post("/services/light/turn_off", { entity_id: "light.kitchen_spots" });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/not connected/);
    expect((await api("/states/light.kitchen_spots")).status).toBe(200);
    fx.ha.setAvailable(true);
    await waitFor(() => fx.server.hasync.ha.status().connected, 10_000, "HAsync to reconnect");
  });

  it("stops answering a revoked device", async () => {
    const other = await fx.pair({ areas: ["office"] }, "Temp");
    expect((await api("/states", {}, other.token)).status).toBe(200);
    await fx.admin(`/devices/${other.device.id}`, { method: "DELETE" });
    expect((await api("/states", {}, other.token)).status).toBe(401);
  });
});
