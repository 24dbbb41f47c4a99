import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoHomeAssistant } from "./index.js";

let demo: DemoHomeAssistant;

const api = (path: string, init: RequestInit = {}, token: string | null = demo.token) =>
  fetch(`${demo.url}${path}`, {
    ...init,
    headers: {
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
      "Content-Type": "application/json",
    },
  });

beforeAll(async () => {
  demo = new DemoHomeAssistant({ driftIntervalMs: 0 });
  await demo.start();
});

afterAll(async () => {
  await demo.stop();
});

describe("REST API", () => {
  it.each(["/api/", "/api/config", "/api/states", "/api/states/lock.front_door"])(
    "%s needs the bearer token",
    async (path) => {
      expect((await api(path, {}, null)).status).toBe(401);
      const wrong = await api(path, {}, "nope");
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).toBe("401: Unauthorized");
      expect((await api(path)).status).toBe(200);
    },
  );

  it("answers /api/, /api/config and /api/states like HA", async () => {
    expect(await (await api("/api/")).json()).toEqual({ message: "API running." });
    expect(await (await api("/api/config")).json()).toMatchObject({
      location_name: "Demo Home",
      state: "RUNNING",
    });
    const states = (await (await api("/api/states")).json()) as Array<{ entity_id: string }>;
    expect(states.length).toBe(demo.entityCount);
    expect(await (await api("/api/states/lock.front_door")).json()).toMatchObject({
      entity_id: "lock.front_door",
      state: "locked",
    });
  });

  it("answers 404 for an unknown entity or path", async () => {
    const missing = await api("/api/states/light.nowhere");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: "Entity not found." });
    expect((await api("/api/nothing-here")).status).toBe(404);
  });

  it("calls services and returns the states they changed", async () => {
    const res = await api("/api/services/light/turn_on", {
      method: "POST",
      body: JSON.stringify({ entity_id: "light.hallway", brightness: 77 }),
    });
    expect(res.status).toBe(200);
    const changed = (await res.json()) as Array<{
      entity_id: string;
      state: string;
      attributes: { brightness: number };
    }>;
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      entity_id: "light.hallway",
      state: "on",
      attributes: { brightness: 77 },
    });
    expect(demo.serviceCalls.at(-1)).toEqual({
      domain: "light",
      service: "turn_on",
      service_data: { entity_id: "light.hallway", brightness: 77 },
    });
    const again = await api("/api/services/light/turn_on", {
      method: "POST",
      body: JSON.stringify({ entity_id: "light.hallway", brightness: 77 }),
    });
    expect(await again.json()).toEqual([]);
  });

  it("returns service responses with ?return_response", async () => {
    const res = await api("/api/services/weather/get_forecasts?return_response", {
      method: "POST",
      body: JSON.stringify({ entity_id: "weather.forecast_home", type: "hourly" }),
    });
    const body = (await res.json()) as {
      changed_states: unknown[];
      service_response: Record<string, unknown>;
    };
    expect(body.changed_states).toEqual([]);
    expect(body.service_response).toHaveProperty(["weather.forecast_home", "forecast"]);
  });

  it("rejects unknown services, invalid data and invalid JSON with 400", async () => {
    const post = (path: string, body: string) => api(path, { method: "POST", body });
    expect((await post("/api/services/light/explode", "{}")).status).toBe(400);
    expect((await post("/api/services/light/turn_on", '{"brightness": 999}')).status).toBe(400);
    const invalid = await post("/api/services/light/turn_on", "{nope");
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ message: "Data should be valid JSON." });
    expect((await api("/api/services/light/turn_on")).status).toBe(405);
  });
});
