import express from "express";
import {
  ErrorEnvelopeSchema,
  HaAreaListSchema,
  HaDashboardListSchema,
  HaEntityListSchema,
  HaStatusResponseSchema,
} from "hasync";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorMiddleware } from "../http/errors.js";
import { FAST_TIMINGS } from "../test-support/ha-link.js";
import { memoryLogger } from "../test-support/harness.js";
import { haAdminRouter } from "./admin-routes.js";
import { haHealthCheck } from "./health.js";
import { createHaLink, type HaLink } from "./link.js";

let link: HaLink;
let app: express.Express;
let lines: string[];

beforeAll(async () => {
  const logger = memoryLogger();
  lines = logger.lines;
  // Demo mode: the link starts its own embedded Home Assistant and connects to it over a socket.
  link = createHaLink({
    target: { mode: "demo" },
    log: logger.log,
    timings: FAST_TIMINGS,
    demo: { seed: 3 },
  });
  await link.start();
  if (!(await link.waitUntilSynced(3_000))) throw new Error("demo link did not sync");
  app = express();
  app.set("query parser", "simple");
  app.use("/api/v1/admin", haAdminRouter({ mirror: link }));
  app.use(errorMiddleware(logger.log));
});
afterAll(async () => {
  await link.stop();
});

describe("demo mode", () => {
  it("says so in the log, the status and the health check", () => {
    expect(
      lines.some((l) => l.includes("no Home Assistant configured: running the embedded demo home")),
    ).toBe(true);
    expect(link.status()).toMatchObject({ state: "demo", mode: "demo", connected: true });
    expect(link.status().url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/api\/websocket$/);
    expect(haHealthCheck(link)()).toEqual({
      home_assistant: { state: "demo", ha_version: link.status().ha_version },
    });
    expect(link.status().ha_version).not.toBeNull();
  });
});

describe("admin HA routes", () => {
  it("GET /ha/status returns the status in the contract's shape", async () => {
    const res = await request(app).get("/api/v1/admin/ha/status").expect(200);
    const body = HaStatusResponseSchema.parse(res.body);
    expect(body).toMatchObject({ state: "demo", connected: true, entity_count: link.status().entity_count });
  });

  it("GET /ha/areas counts entities by resolved area, plus the unassigned ones", async () => {
    const res = await request(app).get("/api/v1/admin/ha/areas").expect(200);
    const body = HaAreaListSchema.parse(res.body);
    const garden = body.areas.find((a) => a.area_id === "garden");
    expect(garden).toMatchObject({
      name: "Garden",
      floor_id: null,
      entity_count: link.entitiesInArea("garden").size,
    });
    expect(body.areas.find((a) => a.area_id === "kitchen")?.floor_id).toBe("ground_floor");
    const assigned = body.areas.reduce((sum, a) => sum + a.entity_count, 0);
    expect(assigned + body.unassigned_count).toBe(link.status().entity_count);
    expect(body.unassigned_count).toBeGreaterThan(0);
  });

  it("GET /ha/entities filters by area and strips credentials from attributes", async () => {
    const res = await request(app).get("/api/v1/admin/ha/entities?area=garden").expect(200);
    const { entities } = HaEntityListSchema.parse(res.body);
    expect(entities.every((e) => e.area_id === "garden")).toBe(true);
    const camera = entities.find((e) => e.entity_id === "camera.driveway");
    expect(link.getState("camera.driveway")?.attributes.access_token).toBeTypeOf("string");
    expect(camera).toMatchObject({ name: "Driveway", domain: "camera", state: "idle" });
    expect(camera?.device_id).toBe(link.deviceOf("camera.driveway"));
    expect(camera?.attributes).not.toHaveProperty("access_token");
    expect(JSON.stringify(res.body)).not.toMatch(/token=/);
  });

  it("GET /ha/entities filters by domain and search, sorted by id", async () => {
    const lights = HaEntityListSchema.parse(
      (await request(app).get("/api/v1/admin/ha/entities?domain=light").expect(200)).body,
    ).entities;
    expect(lights.length).toBeGreaterThan(3);
    expect(lights.every((e) => e.domain === "light")).toBe(true);
    expect(lights.map((e) => e.entity_id)).toEqual(lights.map((e) => e.entity_id).sort());
    const found = HaEntityListSchema.parse(
      (await request(app).get("/api/v1/admin/ha/entities?search=DESK%20lamp").expect(200)).body,
    ).entities;
    expect(found.map((e) => e.entity_id)).toEqual(["light.office_desk_lamp"]);
    const none = (await request(app).get("/api/v1/admin/ha/entities?area=nowhere").expect(200)).body;
    expect(none).toEqual({ entities: [] });
  });

  it.each([
    ["a malformed domain", "domain=Light!"],
    ["an empty area", "area="],
    ["a repeated parameter", "domain=light&domain=switch"],
  ])("answers 400 with the error envelope for %s", async (_what, query) => {
    const res = await request(app).get(`/api/v1/admin/ha/entities?${query}`).expect(400);
    const body = ErrorEnvelopeSchema.parse(res.body);
    expect(body.error.code).toBe("invalid_request");
  });
});

describe("GET /ha/dashboards", () => {
  it("lists HA's default Overview first, then what lovelace/dashboards/list answers the link, by title", async () => {
    // The same question straight to the embedded Home Assistant, and through HAsync's route.
    const direct = (await link.command({ type: "lovelace/dashboards/list" })) as Record<string, unknown>[];
    expect(direct.length).toBeGreaterThan(1);
    const body = HaDashboardListSchema.parse(
      (await request(app).get("/api/v1/admin/ha/dashboards").expect(200)).body,
    );
    expect(body.reason).toBeNull();
    expect(body.dashboards[0]).toEqual({
      url_path: "lovelace",
      title: "Overview",
      icon: "mdi:view-dashboard",
      mode: null,
      require_admin: false,
    });
    const expected = direct
      .map((d) => ({
        url_path: d.url_path,
        title: d.title,
        icon: d.icon ?? null,
        mode: d.mode,
        require_admin: d.require_admin,
      }))
      .sort((a, b) => String(a.title).localeCompare(String(b.title)));
    expect(body.dashboards.slice(1)).toEqual(expected);
    // HA's admin-only flag reaches the picker, which says so.
    expect(body.dashboards.some((d) => d.require_admin)).toBe(true);
  });

  it("answers the Overview and why, not an error, while Home Assistant is not connected", async () => {
    const away = createHaLink({
      // Never started: the link has no connection, as while HA is away.
      target: {
        mode: "url",
        websocketUrl: "ws://127.0.0.1:9/api/websocket",
        restUrl: "http://127.0.0.1:9",
        token: "t",
      },
      log: memoryLogger().log,
      timings: FAST_TIMINGS,
    });
    const offline = express();
    offline.use("/api/v1/admin", haAdminRouter({ mirror: away }));
    offline.use(errorMiddleware(memoryLogger().log));
    const body = HaDashboardListSchema.parse(
      (await request(offline).get("/api/v1/admin/ha/dashboards").expect(200)).body,
    );
    expect(body).toEqual({
      dashboards: [
        {
          url_path: "lovelace",
          title: "Overview",
          icon: "mdi:view-dashboard",
          mode: null,
          require_admin: false,
        },
      ],
      reason: "Home Assistant is not connected; its dashboards are listed once it is.",
    });
  });
});
