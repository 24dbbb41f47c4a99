import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpServer } from "../http/server.js";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { startSideApp } from "../test-support/harness.js";
import { ServiceCallLimiter } from "./rate-limit.js";
import { deviceOf, gatewayRestRouter, type RestRoom } from "./rest.js";

/** A capability mounts its REST routes as a room: behind the device's token, before the 404. */
let fx: GatewayFixture;
let http: HttpServer;
let url: string;
let token: string;

/** A room as history writes one: HA's GET views, one row each. */
const room: RestRoom = {
  routes: [
    {
      path: "/api/history/period/:start",
      handle: (deps, req, res) =>
        void res.json({
          device: deviceOf(res).id,
          start: req.params.start,
          visible: deps.access.entitiesOf(deviceOf(res).id).size,
        }),
    },
    { path: "/api/logbook/:start", handle: (_deps, _req, res) => void res.json([]) },
  ],
};

beforeAll(async () => {
  fx = await startGatewayFixture();
  token = (await fx.pair({ areas: ["kitchen"] })).token;
  const { hasync } = fx.server;
  const rest = gatewayRestRouter(
    {
      mirror: hasync.ha,
      ha: hasync.ha,
      access: hasync.devices,
      limiter: new ServiceCallLimiter({ now: Date.now }),
      maxJsonDepth: 32,
    },
    [room],
  );
  ({ http, url } = await startSideApp(hasync, { rootRouters: [rest] }));
});

afterAll(async () => {
  await http.stop(100);
  await fx.close();
});

const get = (path: string, bearer: string | null = token) =>
  fetch(`${url}${path}`, bearer === null ? {} : { headers: { authorization: `Bearer ${bearer}` } });

describe("rooms", () => {
  it("answer an authenticated device, with the device set for their handlers", async () => {
    const res = await get("/api/history/period/2026-01-01");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ start: "2026-01-01", visible: expect.any(Number) });
    expect((await get("/api/logbook/2026-01-01")).status).toBe(200);
  });

  it("answer HA's plain-text 401 on their routes without a valid token", async () => {
    for (const bearer of [null, "nope"]) {
      const res = await get("/api/history/period/2026-01-01", bearer);
      expect([res.status, await res.text()]).toEqual([401, "401: Unauthorized"]);
    }
  });

  it("leave other paths, even beside their routes, to the 404, which stays last", async () => {
    for (const bearer of [token, null]) {
      const res = await get("/api/history/nothing-here", bearer);
      expect([res.status, await res.text()]).toEqual([404, "404: Not Found"]);
    }
    expect((await get("/api/states")).status).toBe(200);
  });

  it("answer another method on their routes with aiohttp's 405, before authentication", async () => {
    const res = await fetch(`${url}/api/logbook/2026-01-01`, { method: "POST" });
    expect([res.status, res.headers.get("allow"), await res.text()]).toEqual([
      405,
      "GET",
      "405: Method Not Allowed",
    ]);
  });
});
