import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf, type McpFixture, mcpClient, startMcpFixture, textOf } from "../test-support/mcp.js";
import type { AreaBlock } from "./overview.js";

let f: McpFixture;
let reader: Client;
let controller: Client;
let readerId: string;

const KITCHEN_AND_HALL = { areas: ["kitchen", "hallway"] };

beforeAll(async () => {
  f = await startMcpFixture();
  const read = await f.pair({ ...KITCHEN_AND_HALL, access: "read" }, "Reader agent");
  readerId = read.device.id;
  const control = await f.pair({ ...KITCHEN_AND_HALL, access: "control" }, "Control agent");
  reader = await mcpClient(f.url, read.token, "reader-llm");
  controller = await mcpClient(f.url, control.token, "controller-llm");
});
afterAll(async () => {
  await reader?.close();
  await controller?.close();
  await f?.close();
});

const toolNames = async (client: Client) => (await client.listTools()).tools.map((t) => t.name).sort();

describe("MCP tools", () => {
  it("lists call_service only for an agent that may control something", async () => {
    expect(await toolNames(reader)).toEqual(["get_entity", "get_history", "get_home_overview"]);
    expect(await toolNames(controller)).toEqual([
      "call_service",
      "get_entity",
      "get_history",
      "get_home_overview",
    ]);
  });

  it("reads exactly the scope's entities, in HA's area order, with their states", async () => {
    const { areas } = jsonOf<{ areas: AreaBlock[] }>(await reader.callTool({ name: "get_home_overview" }));
    const expected = [...f.server.hasync.devices.entitiesOf(readerId)].sort();
    const listed = areas.flatMap((a) => a.entities.map((e) => e.entity_id)).sort();
    expect(listed).toEqual(expected);
    expect(listed.length).toBeGreaterThan(3);
    expect(areas.map((a) => a.area_id)).toEqual(["kitchen", "hallway"]);
    // The same states straight from the simulator's own REST API.
    const res = await fetch(`${f.ha.url}/api/states`, { headers: { authorization: `Bearer ${f.ha.token}` } });
    const states = (await res.json()) as Array<{ entity_id: string; state: string }>;
    for (const area of areas) {
      for (const entity of area.entities) {
        const state = states.find((s) => s.entity_id === entity.entity_id);
        expect(entity.state.startsWith(state?.state ?? "?")).toBe(true);
        expect(entity.may).toBe("read only");
      }
    }
  });

  it("tells the control agent which entities wait for the admin", async () => {
    const { areas } = jsonOf<{ areas: AreaBlock[] }>(
      await controller.callTool({ name: "get_home_overview" }),
    );
    const may = Object.fromEntries(areas.flatMap((a) => a.entities.map((e) => [e.entity_id, e.may])));
    expect(may["lock.front_door"]).toBe("control after the admin confirms");
    expect(may["light.kitchen_spots"]).toBe("control");
  });

  it("reads one entity in scope with its services, and answers out of scope as unknown", async () => {
    const light = jsonOf(
      await controller.callTool({ name: "get_entity", arguments: { entity_id: "light.kitchen_spots" } }),
    );
    expect(light).toMatchObject({ entity_id: "light.kitchen_spots", area: "Kitchen", domain: "light" });
    const services = light.services as Array<{ service: string; fields: Record<string, string> }>;
    expect(services.map((s) => s.service)).toContain("light.turn_on");
    expect(services.find((s) => s.service === "light.turn_on")?.fields.brightness_pct).toMatch(
      /number 0-100/,
    );
    const outside = await controller.callTool({
      name: "get_entity",
      arguments: { entity_id: "light.bedroom_ceiling" },
    });
    const unknown = await controller.callTool({
      name: "get_entity",
      arguments: { entity_id: "light.no_such_lamp" },
    });
    expect(outside.isError).toBe(true);
    expect(textOf(outside).replace("light.bedroom_ceiling", "X")).toBe(
      textOf(unknown).replace("light.no_such_lamp", "X"),
    );
    const readOnly = jsonOf(
      await reader.callTool({ name: "get_entity", arguments: { entity_id: "light.kitchen_spots" } }),
    );
    expect(readOnly.services).toEqual([]);
  });

  it("reads history of in-scope entities only", async () => {
    const answer = jsonOf<{ history: Record<string, unknown[]>; not_found?: string[] }>(
      await reader.callTool({
        name: "get_history",
        arguments: { entity_ids: ["light.kitchen_spots", "light.bedroom_ceiling", "light.nope"] },
      }),
    );
    expect(Object.keys(answer.history)).toEqual(["light.kitchen_spots"]);
    expect(answer.history["light.kitchen_spots"]?.length).toBeGreaterThan(0);
    expect(answer.not_found).toEqual(["light.bedroom_ceiling", "light.nope"]);
    const long = await reader.callTool({
      name: "get_history",
      arguments: {
        entity_ids: ["light.kitchen_spots"],
        start: "2020-01-01T00:00:00Z",
        end: "2020-02-01T00:00:00Z",
      },
    });
    expect(long.isError).toBe(true);
    expect(textOf(long)).toMatch(/at most 7 days/);
  });

  it("calls a service in scope (HA receives it) and refuses one outside (HA never does)", async () => {
    const before = f.ha.serviceCalls.length;
    const done = await controller.callTool({
      name: "call_service",
      arguments: {
        domain: "light",
        service: "turn_on",
        entity_id: "light.kitchen_spots",
        data: { brightness_pct: 40 },
      },
    });
    expect(done.isError).toBeFalsy();
    expect(textOf(done)).toMatch(/^Done/);
    expect(f.ha.serviceCalls.slice(before)).toEqual([
      expect.objectContaining({
        domain: "light",
        service: "turn_on",
        service_data: expect.objectContaining({ brightness_pct: 40 }),
      }),
    ]);
    const refused = await controller.callTool({
      name: "call_service",
      arguments: { domain: "light", service: "turn_on", entity_id: "light.bedroom_ceiling" },
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^Refused/);
    expect(f.ha.serviceCalls.length).toBe(before + 1);
  });

  it("audits every tool call with the agent's name, tool, arguments and outcome", async () => {
    const page = await (await f.admin("/audit?type=mcp.tool_called&limit=100")).json();
    const entries = (page as { entries: Array<{ detail: Record<string, unknown> }> }).entries;
    const refused = entries.find(
      (e) => e.detail.tool === "call_service" && String(e.detail.outcome).startsWith("Refused"),
    );
    expect(refused?.detail).toMatchObject({
      device_name: "Control agent",
      client: "controller-llm",
      arguments: { domain: "light", service: "turn_on", entity_id: "light.bedroom_ceiling" },
    });
  });

  it("folds repeated reads into one entry with a count, while each call keeps its own", async () => {
    for (let i = 0; i < 3; i++)
      await reader.callTool({ name: "get_entity", arguments: { entity_id: "light.garden_path" } });
    f.server.hasync.audit.flush();
    const page = (await (await f.admin("/audit?type=mcp.tool_called&limit=100")).json()) as {
      entries: Array<{ actor: string; count?: number; detail: Record<string, unknown> }>;
    };
    const reads = page.entries.filter((e) => e.actor === readerId && e.detail.tool === "get_entity");
    expect(reads.map((e) => [e.count, e.detail.arguments])).toContainEqual([
      3,
      { entity_id: "light.garden_path" },
    ]);
    const calls = page.entries.filter((e) => e.detail.tool === "call_service");
    expect(calls.length).toBe(2);
    expect(calls.every((e) => e.count === undefined)).toBe(true);
  });

  it("leaves hidden entities out everywhere, and refuses a value beyond the agent's limits", async () => {
    const guarded = await f.pair(
      {
        areas: ["kitchen"],
        access: "control",
        entity_access: { "switch.coffee_maker": "hidden" },
        limits: { light_brightness_pct: { max: 50 } },
      },
      "Guarded agent",
    );
    const client = await mcpClient(f.url, guarded.token);
    const { areas } = jsonOf<{ areas: AreaBlock[] }>(await client.callTool({ name: "get_home_overview" }));
    const listed = areas.flatMap((a) => a.entities.map((e) => e.entity_id));
    expect(listed).toContain("light.kitchen_spots");
    expect(listed).not.toContain("switch.coffee_maker");
    const hidden = await client.callTool({
      name: "get_entity",
      arguments: { entity_id: "switch.coffee_maker" },
    });
    expect(textOf(hidden)).toBe("Not found: switch.coffee_maker.");
    const before = f.ha.serviceCalls.length;
    const bright = await client.callTool({
      name: "call_service",
      arguments: {
        domain: "light",
        service: "turn_on",
        entity_id: "light.kitchen_spots",
        data: { brightness_pct: 90 },
      },
    });
    expect(bright.isError).toBe(true);
    expect(textOf(bright)).toMatch(/^Refused, a value is outside this agent's limits: .*50/);
    const plug = await client.callTool({
      name: "call_service",
      arguments: { domain: "switch", service: "turn_on", entity_id: "switch.coffee_maker" },
    });
    expect(textOf(plug)).toMatch(/^Refused: /);
    expect(f.ha.serviceCalls.length).toBe(before);
    await client.close();
  });

  it("answers a call beyond the agent's rate as throttled, with when to try again", async () => {
    const quick = await f.pair({ areas: ["kitchen"], access: "control" }, "Quick agent");
    const patch = await f.admin(`/devices/${quick.device.id}`, {
      method: "PATCH",
      body: JSON.stringify({ rate: { burst: 1, per_minute: 1 } }),
    });
    expect(patch.status).toBe(200);
    const client = await mcpClient(f.url, quick.token);
    const call = { domain: "light", service: "toggle", entity_id: "light.kitchen_spots" };
    expect(textOf(await client.callTool({ name: "call_service", arguments: call }))).toMatch(/^Done/);
    const second = await client.callTool({ name: "call_service", arguments: call });
    expect(second.isError).toBe(true);
    expect(textOf(second)).toMatch(/^Throttled: .* try again in \d+ s\.$/);
    await client.close();
  });

  it("says when the agent is outside its hours, and refuses its calls in those words", async () => {
    const late = await f.pair({ areas: ["kitchen"], access: "control" }, "Daytime agent");
    // Two days after today in UTC is never today in any zone: the pass is outside its hours now.
    const day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][(new Date().getUTCDay() + 2) % 7];
    const patch = await f.admin(`/devices/${late.device.id}`, {
      method: "PATCH",
      body: JSON.stringify({ hours: { windows: [{ day, from: "00:00", to: "00:01" }], outside: "read" } }),
    });
    expect(patch.status).toBe(200);
    const client = await mcpClient(f.url, late.token);
    const overview = jsonOf(await client.callTool({ name: "get_home_overview" }));
    expect(overview.now).toMatch(/^Outside this agent's hours: it may only read until /);
    const before = f.ha.serviceCalls.length;
    const refused = await client.callTool({
      name: "call_service",
      arguments: { domain: "light", service: "toggle", entity_id: "light.kitchen_spots" },
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^Not done: /);
    expect(f.ha.serviceCalls.length).toBe(before);
    await client.close();
  });
});
