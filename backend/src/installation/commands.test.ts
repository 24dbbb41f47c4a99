import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFUSED_COMMANDS } from "../gateway/refused-commands.js";
import { scopedConfig } from "../gateway/views.js";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/** What HA's frontend reads about the installation: HA's answer (the demo's admin token), cut to the scope. */
let fx: GatewayFixture;
let direct: RawHaClient;
let device: RawHaClient;
let deviceId: string;
let nextId = 1;

beforeAll(async () => {
  fx = await startGatewayFixture();
  const paired = await fx.pair({ areas: ["kitchen"], access: "control" }, "Kitchen");
  deviceId = paired.device.id;
  direct = await RawHaClient.authenticated(fx.ha.url, fx.ha.token);
  device = await RawHaClient.authenticated(fx.url, paired.token);
});

afterAll(async () => {
  direct.close();
  device.close();
  await fx.close();
});

type Reply = { success: boolean; result?: unknown; error?: { code: string; message: string } };
async function ask(client: RawHaClient, message: Record<string, unknown>): Promise<Reply> {
  const id = nextId++;
  client.send({ id, ...message });
  const { id: _id, type: _type, ...reply } = await client.reply(id);
  return reply as unknown as Reply;
}
const both = async (message: Record<string, unknown>) => [
  await ask(direct, message),
  await ask(device, message),
];
const known = () =>
  scopedConfig(fx.server.hasync.ha.config(), fx.server.hasync.devices.entitiesOf(deviceId))
    .components as string[];

describe("translations, icons and manifests", () => {
  it("name only the integrations the device's get_config lists", async () => {
    const [all, mine] = await both({ type: "frontend/get_translations", language: "en", category: "title" });
    const keys = (reply: Reply) => Object.keys((reply.result as { resources: object }).resources).sort();
    expect(keys(all)).toContain("component.lock.title");
    expect(keys(mine)).toEqual(
      known()
        .map((domain) => `component.${domain}.title`)
        .sort(),
    );
    expect(known()).toContain("light");
    const [, asked] = await both({
      type: "frontend/get_translations",
      language: "en",
      category: "title",
      integration: ["lock", "light"],
    });
    expect(keys(asked)).toEqual(["component.light.title"]);
    const hidden = await ask(device, {
      type: "frontend/get_translations",
      language: "en",
      category: "title",
      integration: "lock",
    });
    expect(hidden.result).toEqual({ resources: {} });
  });

  it("answers icons the same way", async () => {
    const [all, mine] = await both({ type: "frontend/get_icons", category: "entity_component" });
    expect(Object.keys((all.result as { resources: object }).resources)).toContain("lock");
    expect(Object.keys((mine.result as { resources: object }).resources).sort()).toEqual([...known()].sort());
  });

  it("lists manifests of known integrations, and a hidden one is not found like an unknown one", async () => {
    for (const integrations of [undefined, []]) {
      const message = { type: "manifest/list", ...(integrations ? { integrations } : {}) };
      const [all, mine] = await both(message);
      expect((all.result as Array<{ domain: string }>).map((m) => m.domain)).toContain("lock");
      expect((mine.result as Array<{ domain: string }>).map((m) => m.domain).sort()).toEqual(
        [...known()].sort(),
      );
    }
    const [light, lightHere] = await both({ type: "manifest/get", integration: "light" });
    expect(lightHere).toEqual(light);
    const [lock, lockHere] = await both({ type: "manifest/get", integration: "lock" });
    expect(lock?.success).toBe(true);
    const nowhere = await ask(device, { type: "manifest/get", integration: "nowhere" });
    expect(lockHere).toEqual(nowhere);
    expect(nowhere.error).toEqual({ code: "not_found", message: "Integration not found" });
  });

  it("waits for a known integration only", async () => {
    expect((await ask(device, { type: "integration/wait", domain: "light" })).result).toEqual({
      integration_loaded: true,
    });
    expect((await ask(device, { type: "integration/wait", domain: "lock" })).result).toEqual({
      integration_loaded: false,
    });
  });
});

describe("entity sources, themes and silent subscriptions", () => {
  it("gives entity/source for visible entities only, as HA has them", async () => {
    const [all, mine] = await both({ type: "entity/source" });
    const scope = fx.server.hasync.devices.entitiesOf(deviceId);
    const expected = Object.entries(all?.result as object).filter(([entityId]) => scope.has(entityId));
    expect(Object.keys(all?.result as object)).toContain("lock.front_door");
    expect(mine?.result).toEqual(Object.fromEntries(expected));
    expect(expected.length).toBeGreaterThan(0);
  });

  it("accepts the subscriptions HA feeds only with the installation's internals, and sends nothing", async () => {
    for (const type of ["subscribe_bootstrap_integrations", "frontend/subscribe_extra_js"]) {
      const id = nextId++;
      device.send({ id, type });
      expect(await device.reply(id)).toMatchObject({ success: true, result: null });
      expect(await ask(device, { type: "unsubscribe_events", subscription: id })).toMatchObject({
        success: true,
      });
      expect(device.frames.some((frame) => frame.includes(`"id":${id},"type":"event"`))).toBe(false);
    }
  });

  it("shows no persistent notification: they are free text about anything in the house", async () => {
    const id = nextId++;
    device.send({ id, type: "persistent_notification/subscribe" });
    expect(await device.reply(id)).toMatchObject({ success: true });
    const current = await device.waitFor((m) => m.id === id && m.type === "event");
    expect(current.event).toEqual({ type: "current", notifications: {} });
    expect((await ask(device, { type: "persistent_notification/get" })).result).toEqual([]);
  });

  it("passes HA's themes on, and HA's no-theme answer while HA is away", async () => {
    const [themes, mine] = await both({ type: "frontend/get_themes" });
    expect(mine).toEqual(themes);
    fx.ha.setAvailable(false);
    fx.ha.dropConnections();
    await waitFor(() => !fx.server.hasync.ha.status().connected, 10_000, "HAsync to notice");
    expect((await ask(device, { type: "frontend/get_themes" })).result).toEqual({
      themes: {},
      default_theme: "default",
      default_dark_theme: null,
    });
    fx.ha.setAvailable(true);
    await waitFor(() => fx.server.hasync.ha.status().connected, 10_000, "HAsync to reconnect");
  });
});

describe("refusals", () => {
  it("answers every refused command in HA's words, and one HA does not have as unknown", async () => {
    for (const type of REFUSED_COMMANDS.keys()) {
      const reply = await ask(device, { type });
      expect([type, reply.error]).toEqual([type, { code: "unauthorized", message: "Unauthorized" }]);
    }
    expect((await ask(device, { type: "no/such_command" })).error?.code).toBe("unknown_command");
  });
});
