import type { AuditPage, Device } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/**
 * HA's panels and dashboards for a device running HA's own interface: the same commands sent
 * directly to the demo HA (its admin token) and through HAsync, with the dashboards the admin
 * allows the device.
 */
let fx: GatewayFixture;
let direct: RawHaClient;
let device: RawHaClient;
let deviceId: string;
let nextId = 1;

beforeAll(async () => {
  fx = await startGatewayFixture();
  const paired = await fx.pair({ areas: ["kitchen"], access: "control" }, "Kitchen tablet");
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

const setDashboards = (dashboards: unknown) =>
  fx.admin(`/devices/${deviceId}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ dashboards }),
  });

const panelsOf = async (client: RawHaClient) =>
  (await ask(client, { type: "get_panels" })).result as Record<string, Record<string, unknown>>;

describe("panels", () => {
  it("gives the generated Overview only, never settings, tools or house-wide panels", async () => {
    const all = await panelsOf(direct);
    expect(Object.keys(all)).toEqual(expect.arrayContaining(["config", "developer-tools", "energy", "map"]));
    const mine = await panelsOf(device);
    expect(Object.keys(mine).sort()).toEqual(["home", "notfound"]);
    expect(mine.home).toEqual(all.home);
  });

  it("adds the dashboards the admin allows that HA has, as HA describes them, and tells open sockets", async () => {
    const listen = async (event_type: string) => {
      const id = nextId++;
      device.send({ id, type: "subscribe_events", event_type });
      expect((await device.reply(id)).success).toBe(true);
      return id;
    };
    const panelsId = await listen("panels_updated");
    const lovelaceId = await listen("lovelace_updated");
    const response = await setDashboards([
      "kitchen-tablet",
      "server-room",
      "no-such-board",
      "kitchen-tablet",
    ]);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Device).dashboards).toEqual([
      "kitchen-tablet",
      "server-room",
      "no-such-board",
    ]);
    const panelsEvent = await device.waitFor((m) => m.id === panelsId && m.type === "event");
    expect(panelsEvent.event).toMatchObject({ event_type: "panels_updated", data: {} });
    const updated = await device.waitFor(
      (m) =>
        m.id === lovelaceId && (m.event as { data: { url_path: string } }).data.url_path === "server-room",
    );
    expect(updated.event).toMatchObject({ event_type: "lovelace_updated" });
    const all = await panelsOf(direct);
    const mine = await panelsOf(device);
    expect(Object.keys(mine).sort()).toEqual(["home", "kitchen-tablet", "notfound", "server-room"]);
    expect(mine["kitchen-tablet"]).toEqual(all["kitchen-tablet"]);
    const audit = (await (await fx.admin("/audit?type=device.dashboards_changed")).json()) as AuditPage;
    expect(audit.entries[0]?.detail).toMatchObject({
      device_id: deviceId,
      from: [],
      to: ["kitchen-tablet", "server-room", "no-such-board"],
    });
  });

  it("refuses a dashboards list that is not one, in HAsync's shape", async () => {
    for (const bad of [
      ["Not A Path"],
      "kitchen-tablet",
      Array.from({ length: 21 }, (_, i) => `d-${i}`),
      [7],
    ]) {
      const response = await setDashboards(bad);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
  });
});

describe("lovelace/config", () => {
  it("answers the default and a dashboard not allowed as HA does when it has no config for them", async () => {
    await setDashboards(["kitchen-tablet"]);
    for (const url_path of [undefined, null, "lovelace"]) {
      const message = {
        type: "lovelace/config",
        ...(url_path === undefined ? {} : { url_path }),
        force: false,
      };
      expect((await ask(device, message)).error).toEqual({
        code: "config_not_found",
        message: "No config found.",
      });
    }
    const hidden = await ask(device, { type: "lovelace/config", url_path: "server-room" });
    const unknown = await ask(direct, { type: "lovelace/config", url_path: "nothing-here" });
    expect(hidden.error).toEqual({
      code: "config_not_found",
      message: "Unknown config specified: server-room",
    });
    expect(unknown.error).toEqual({
      code: "config_not_found",
      message: "Unknown config specified: nothing-here",
    });
  });

  it("forwards HA's config for an allowed dashboard, and HA's own error for the default when allowed", async () => {
    const message = { type: "lovelace/config", url_path: "kitchen-tablet", force: false };
    const [theirs, mine] = [await ask(direct, message), await ask(device, message)];
    expect(theirs.success).toBe(true);
    expect(mine).toEqual(theirs);
    await setDashboards(["lovelace"]);
    const defaults = { type: "lovelace/config", url_path: null };
    expect(await ask(device, defaults)).toEqual(await ask(direct, defaults));
  });

  it("rejects a url_path that is not a string in HA's words, and never saves", async () => {
    expect((await ask(device, { type: "lovelace/config", url_path: 5 })).error?.code).toBe("invalid_format");
    expect((await ask(device, { type: "lovelace/config", nope: 1 })).error?.code).toBe("invalid_format");
    for (const type of ["lovelace/config/save", "lovelace/dashboards/create", "lovelace/resources/delete"]) {
      expect((await ask(device, { type, config: {} })).error).toEqual({
        code: "unauthorized",
        message: "Unauthorized",
      });
    }
  });
});

describe("resources and the dashboards list", () => {
  it("lists only allowed dashboards; resources only for a device with an HA dashboard", async () => {
    await setDashboards([]);
    expect((await ask(device, { type: "lovelace/resources" })).result).toEqual([]);
    expect((await ask(device, { type: "lovelace/dashboards/list" })).result).toEqual([]);
    await setDashboards(["map"]);
    const [resources, mine] = [
      await ask(direct, { type: "lovelace/resources" }),
      await ask(device, { type: "lovelace/resources" }),
    ];
    expect(mine).toEqual(resources);
    const all = (await ask(direct, { type: "lovelace/dashboards/list" })).result as Array<{
      url_path: string;
    }>;
    expect(all.length).toBeGreaterThan(1);
    expect((await ask(device, { type: "lovelace/dashboards/list" })).result).toEqual(
      all.filter((item) => item.url_path === "map"),
    );
  });
});

describe("lovelace/info and templates", () => {
  it("passes HA's lovelace/info on", async () => {
    const info = { type: "lovelace/info" };
    expect(await ask(device, info)).toEqual(await ask(direct, info));
  });

  it("renders a template that only names the given variables, in HA's shapes", async () => {
    const id = nextId++;
    const variables = { user: "Kitchen tablet", config: { title: "Hi" } };
    device.send({
      id,
      type: "render_template",
      template: "## Welcome {{ user }} ({{config.title}})",
      variables,
    });
    expect(await device.reply(id)).toMatchObject({ success: true, result: null });
    const event = await device.waitFor((m) => m.id === id && m.type === "event");
    expect(event.event).toEqual({
      result: "## Welcome Kitchen tablet (Hi)",
      listeners: { all: false, domains: [], entities: [], time: false },
    });
    expect((await ask(device, { type: "unsubscribe_events", subscription: id })).success).toBe(true);
  });

  it("refuses any template that could read the house, or names a variable it was not given", async () => {
    const reads = [
      "{{ states | count }}",
      "{{ states.lock.front_door.state }}",
      "{% for s in states %}{{ s }}{% endfor %}",
      "{{ user }} {{ expand('group.all') }}",
      "{{ missing }}",
      "{{ config }}",
      "{# #}{{ user }}",
    ];
    for (const template of reads) {
      const reply = await ask(device, {
        type: "render_template",
        template,
        variables: { user: "x", config: {} },
      });
      expect([template, reply.error]).toEqual([template, { code: "unauthorized", message: "Unauthorized" }]);
    }
    expect((await ask(device, { type: "render_template" })).error?.code).toBe("invalid_format");
  });
});

describe("hostile input", () => {
  it("answers every odd message in HA's error shape and keeps the socket", async () => {
    const odd: Array<Record<string, unknown>> = [
      { type: "lovelace/config", url_path: { $ne: null } },
      { type: "lovelace/config", url_path: "x".repeat(10_000) },
      { type: "lovelace/config", force: "yes" },
      { type: "get_panels", extra: true },
      { type: "render_template", template: `{{ user }}${" ".repeat(5000)}`, variables: { user: "u" } },
      { type: "render_template", template: "{{ user.__class__ }}", variables: { user: "u" } },
      { type: "weather/subscribe_forecast", entity_id: ["weather.forecast_home"], forecast_type: "daily" },
      { type: "todo/item/move", entity_id: `todo.${"a".repeat(5000)}`, uid: "x" },
    ];
    for (const message of odd) {
      const reply = await ask(device, message);
      expect([message.type, reply.success]).toEqual([message.type, false]);
      expect(typeof reply.error?.code).toBe("string");
    }
    expect((await ask(device, { type: "ping" })) as unknown).toBeTruthy();
  });
});

describe("HA's own dashboard edits", () => {
  it("reach the device for an allowed dashboard only, without HA's user in the context", async () => {
    await setDashboards(["kitchen-tablet"]);
    const id = nextId++;
    device.send({ id, type: "subscribe_events", event_type: "lovelace_updated" });
    expect((await device.reply(id)).success).toBe(true);
    const seen = device.frames.length;
    for (const url_path of ["server-room", "kitchen-tablet"]) {
      const saved = await ask(direct, { type: "lovelace/config/save", url_path, config: { views: [] } });
      expect(saved.success).toBe(true);
    }
    const event = await device.waitFor((m) => m.id === id && m.type === "event");
    expect(event.event).toMatchObject({
      event_type: "lovelace_updated",
      data: { url_path: "kitchen-tablet" },
      context: { user_id: null },
    });
    const mine = device.frames.slice(seen).filter((frame) => frame.includes(`"id":${id},"type":"event"`));
    expect(mine).toHaveLength(1);
  });
});
