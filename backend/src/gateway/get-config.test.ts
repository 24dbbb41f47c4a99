import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HaConfig } from "../ha/types.js";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { scopedConfig } from "./views.js";

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

async function getConfig(url: string, token: string): Promise<Record<string, unknown>> {
  const client = await RawHaClient.authenticated(url, token);
  client.send({ id: 1, type: "get_config" });
  const reply = await client.reply(1);
  client.close();
  expect(reply.success).toBe(true);
  return reply.result as Record<string, unknown>;
}

/** Fields of HA's Config.as_dict() a device never gets, whatever its scope. */
const NEVER = [
  "internal_url",
  "external_url",
  "config_dir",
  "allowlist_external_dirs",
  "allowlist_external_urls",
  "whitelist_external_dirs",
];
const LOCATION = ["latitude", "longitude", "elevation", "radius"];

describe("get_config through HAsync", () => {
  it("is HA's answer with the host's layout, HA's address, the position and other integrations cut", async () => {
    const direct = await getConfig(fx.ha.url, fx.ha.token);
    const { token } = await fx.pair({ areas: ["kitchen"] }, "Kitchen tablet");
    const mine = await getConfig(fx.url, token);

    const { components, ...fields } = mine;
    for (const [key, value] of Object.entries(fields)) expect(direct[key]).toEqual(value);
    const cut = Object.keys(direct).filter((key) => !(key in mine));
    expect(cut.sort()).toEqual([...NEVER, ...LOCATION].filter((key) => key in direct).sort());
    expect(mine).toMatchObject({ config_source: "storage", debug: false, state: "RUNNING" });

    // Kitchen: lights, switches, sensors; zha and shelly devices. Integrations are not domains.
    const haComponents = direct.components as string[];
    expect(haComponents).toEqual(expect.arrayContaining(["zha", "shelly", "hue", "ring", "lock"]));
    expect(components).toEqual(expect.arrayContaining(["light", "switch", "sensor", "history", "frontend"]));
    for (const hidden of ["zha", "shelly", "hue", "ring", "lock", "config"]) {
      expect(components).not.toContain(hidden);
    }
    // mobile_app is HAsync's own (mobile-app/), listed whatever HA loaded.
    expect((components as string[]).every((c) => haComponents.includes(c) || c === "mobile_app")).toBe(true);
  });

  it("answers REST /api/config with the same cut", async () => {
    const { token } = await fx.pair({ areas: ["hallway"] }, "Hall panel");
    const rest = await fetch(`${fx.url}/api/config`, { headers: { authorization: `Bearer ${token}` } });
    expect(rest.status).toBe(200);
    expect(await rest.json()).toEqual(await getConfig(fx.url, token));
  });

  it("gives the home's position only to a device that can see zone.home, which carries it anyway", () => {
    const config: HaConfig = {
      location_name: "Home",
      version: "2026.11.3",
      time_zone: "UTC",
      unit_system: {},
      latitude: 52.1,
      longitude: 4.3,
      elevation: 2,
      radius: 100,
      components: ["zone", "light", "hue", "hue.light", "recorder"],
    };
    const without = scopedConfig(config, new Set(["light.kitchen"]));
    for (const key of LOCATION) expect(without).not.toHaveProperty(key);
    expect(without.components).toEqual(["light", "recorder", "mobile_app"]);
    const withZone = scopedConfig(config, new Set(["light.kitchen", "zone.home"]));
    expect(withZone).toMatchObject({ latitude: 52.1, longitude: 4.3, elevation: 2, radius: 100 });
    expect(withZone.components).toEqual(["zone", "light", "recorder", "mobile_app"]);
  });
});

describe("before HAsync has reached Home Assistant", () => {
  it("is HA's shape for a core that is not running, with the components clients read unguarded", () => {
    expect(scopedConfig(null, new Set(["light.kitchen_spots"]))).toEqual({
      components: [],
      state: "NOT_RUNNING",
    });
  });
});
