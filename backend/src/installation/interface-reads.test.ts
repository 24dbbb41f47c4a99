import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/**
 * The small reads HA's interface makes on start, and Assist: directly against the demo HA and
 * through HAsync. Every message HAsync sends to HA on the device's behalf is recorded at HAsync's
 * link to HA (`HaForwarder`), so a test can show that nothing of Assist ever reaches HA.
 */
let fx: GatewayFixture;
let direct: RawHaClient;
let device: RawHaClient;
let token: string;
let deviceId: string;
let nextId = 1;
const sentToHa: string[] = [];

const ASSIST = ["conversation", "assist_pipeline", "assist_satellite", "intent"];
const AGENT = "conversation.home_assistant";

beforeAll(async () => {
  fx = await startGatewayFixture();
  const link = fx.server.hasync.ha;
  const components = link.config()?.components ?? [];
  fx.ha.updateConfig({ components: [...components, ...ASSIST].sort() });
  fx.ha.setState(AGENT, "unknown", { friendly_name: "Home Assistant", supported_features: 1 });
  await waitFor(() => (link.config()?.components ?? []).includes("conversation"), 5000, "HA's new config");
  const paired = await fx.pair({ areas: ["kitchen"], entities: [AGENT], access: "control" }, "Kitchen");
  ({ token } = paired);
  deviceId = paired.device.id;
  const { command, subscribe, request } = link;
  link.command = (message, timeoutMs) => {
    sentToHa.push(message.type);
    return command.call(link, message, timeoutMs);
  };
  link.subscribe = (message, onEvent, onResult) => {
    sentToHa.push(message.type);
    return subscribe.call(link, message, onEvent, onResult);
  };
  link.request = (path, init) => {
    sentToHa.push(path);
    return request.call(link, path, init);
  };
  direct = await RawHaClient.authenticated(fx.ha.url, fx.ha.token);
  device = await RawHaClient.authenticated(fx.url, token);
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

describe("reads on start", () => {
  it("passes HA's constants and recorder status on as they are", async () => {
    for (const type of ["recorder/info", "sensor/numeric_device_classes", "weather/convertible_units"]) {
      const [theirs, mine] = [await ask(direct, { type }), await ask(device, { type })];
      expect([type, mine]).toEqual([type, theirs]);
      expect(theirs.success).toBe(true);
    }
  });

  it("cuts the commonly controlled entities to the scope, in HA's order", async () => {
    const theirs = (await ask(direct, { type: "usage_prediction/common_control" })).result as {
      entities: string[];
    };
    const scope = fx.server.hasync.devices.entitiesOf(deviceId);
    const mine = (await ask(device, { type: "usage_prediction/common_control" })).result;
    expect(theirs.entities).toContain("alarm_control_panel.home_alarm");
    expect(mine).toEqual({ entities: theirs.entities.filter((entityId) => scope.has(entityId)) });
    expect((mine as { entities: string[] }).entities.length).toBeGreaterThan(0);
  });

  it("has no repair issue, and the admin-only reads are refused in HA's words", async () => {
    expect((await ask(device, { type: "repairs/list_issues" })).result).toEqual({ issues: [] });
    for (const type of ["backup/info", "labs/list", "labs/update"]) {
      expect((await ask(device, { type })).error).toEqual({ code: "unauthorized", message: "Unauthorized" });
    }
  });
});

describe("Assist", () => {
  it("is not in the device's components, even with an agent entity in its scope", async () => {
    const config = (await ask(device, { type: "get_config" })).result as { components: string[] };
    expect(fx.server.hasync.devices.entitiesOf(deviceId).has(AGENT)).toBe(true);
    expect(config.components).toContain("light");
    for (const component of ASSIST) expect(config.components).not.toContain(component);
  });

  it("never reaches HA: commands are unknown as on an HA without Assist, the REST views absent", async () => {
    sentToHa.length = 0;
    const calls = fx.ha.serviceCalls.length;
    const commands = [
      { type: "conversation/process", text: "unlock the front door" },
      { type: "conversation/agent/list" },
      { type: "conversation/chat_log/subscribe", conversation_id: "x" },
      {
        type: "assist_pipeline/run",
        start_stage: "intent",
        end_stage: "intent",
        input: { text: "open all" },
      },
      { type: "assist_pipeline/pipeline/list" },
      { type: "assist_pipeline/language/list" },
      { type: "assist_pipeline/device/list" },
      { type: "assist_satellite/get_configuration", entity_id: "assist_satellite.kitchen" },
    ];
    for (const command of commands) {
      expect([command.type, (await ask(device, command)).error]).toEqual([
        command.type,
        { code: "unknown_command", message: "Unknown command." },
      ]);
    }
    const byName = await ask(device, {
      type: "call_service",
      domain: "conversation",
      service: "process",
      service_data: { text: "unlock the front door", agent_id: AGENT },
    });
    expect(byName.error?.code).toBe("unauthorized");
    for (const path of ["/api/conversation/process", "/api/intent/handle"]) {
      const response = await fetch(`${fx.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ text: "unlock the front door", name: "HassTurnOn" }),
      });
      expect([path, response.status]).toEqual([path, 404]);
    }
    expect(sentToHa).toEqual([]);
    expect(fx.ha.serviceCalls.length).toBe(calls);
    // The recording works: a read that does go to HA is seen.
    await ask(device, { type: "recorder/info" });
    expect(sentToHa).toEqual(["recorder/info"]);
  });
});
