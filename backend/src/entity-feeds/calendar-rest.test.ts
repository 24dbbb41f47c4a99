import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";

/** REST `/api/calendars` directly against the demo HA and through HAsync. */
let fx: GatewayFixture;
let token: string;

beforeAll(async () => {
  fx = await startGatewayFixture();
  fx.ha.setState("calendar.family", "off", { friendly_name: "Family" });
  fx.ha.setState("calendar.work", "off", { friendly_name: "Work" });
  ({ token } = await fx.pair({ areas: ["kitchen"], entities: ["calendar.family"] }, "Kitchen"));
});

afterAll(async () => {
  await fx.close();
});

const get = async (base: string, bearer: string, path: string) => {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: response.status, body: await response.text() };
};
const direct = (path: string) => get(fx.ha.url, fx.ha.token, path);
const device = (path: string) => get(fx.url, token, path);
const WINDOW = "?start=2026-11-04T00:00:00Z&end=2026-11-05T00:00:00Z";

describe("calendars over REST", () => {
  it("lists only the calendars in the scope, as HA lists them", async () => {
    const all = JSON.parse((await direct("/api/calendars")).body) as Array<{ entity_id: string }>;
    expect(all.map((c) => c.entity_id)).toEqual(["calendar.family", "calendar.work"]);
    const mine = await device("/api/calendars");
    expect(JSON.parse(mine.body)).toEqual(all.filter((c) => c.entity_id === "calendar.family"));
  });

  it("passes HA's events on for an in-scope calendar", async () => {
    const [theirs, mine] = [
      await direct(`/api/calendars/calendar.family${WINDOW}`),
      await device(`/api/calendars/calendar.family${WINDOW}`),
    ];
    expect(theirs.status).toBe(200);
    expect(mine).toEqual(theirs);
    expect(JSON.parse(mine.body)).toHaveLength(1);
  });

  it("answers a hidden calendar as HA answers an unknown one, and bad or missing input likewise", async () => {
    const unknown = await direct(`/api/calendars/calendar.nowhere${WINDOW}`);
    expect(unknown).toEqual({ status: 400, body: "" });
    for (const path of [
      `/api/calendars/calendar.work${WINDOW}`,
      "/api/calendars/calendar.family",
      "/api/calendars/%00",
    ]) {
      expect([path, await device(path)]).toEqual([path, unknown]);
    }
    expect((await get(fx.url, "nope", "/api/calendars")).status).toBe(401);
  });
});
