import { McpServer, type RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { AuditLog } from "../audit/audit-log.js";
import type { DevicesService } from "../devices/service.js";
import type { DeviceGateway } from "../gateway/index.js";
import type { HaForwarder, HaMirror } from "../ha/types.js";
import type { Logger } from "../log/logger.js";
import { type CallDeps, callService, type ToolExtra, text } from "./call.js";
import { describeEntity } from "./entity.js";
import {
  type HistoryAsk,
  HistoryRequestInvalid,
  historyOf,
  MAX_HISTORY_DAYS,
  MAX_HISTORY_ENTITIES,
} from "./history.js";
import { homeOverview } from "./overview.js";
import { type AgentScope, agentScope, mayControlAny } from "./scope-view.js";
import { TOOL_TEXT } from "./tool-text.js";

export interface ToolDeps {
  devices: DevicesService;
  mirror: HaMirror;
  ha: HaForwarder;
  gateway: Pick<DeviceGateway, "callService">;
  audit: AuditLog;
  log: Logger;
  now: () => number;
  version: string;
  pendingEveryMs: number;
}

/** Who is calling: the session's device, the address of its latest request, the client's name. */
export interface Caller {
  deviceId: string;
  deviceName: string;
  ip: string;
  client(): string | null;
}

const ENTITY_ID = z.string().min(3).max(255);
const json = (value: unknown): CallToolResult => text(JSON.stringify(value, null, 1));

/**
 * `mcp.tool_called` for one call: what it asked (arguments clipped by the audit log) and how it
 * ended. A call that acts on the house gets an entry of its own (at most the device's service
 * rate); reads, which change nothing and an agent repeats at will, fold into one entry per
 * repetition with a count, as refused calls do (audit/repeats.ts), so a chatty agent cannot push
 * the admin's history out of the log.
 */
function auditCall(deps: ToolDeps, caller: Caller, tool: string, args: unknown, outcome: string): void {
  const detail = { device_name: caller.deviceName, client: caller.client(), tool, arguments: args, outcome };
  if (tool === "call_service") {
    deps.audit.record("mcp.tool_called", { actor: caller.deviceId, ip: caller.ip, detail });
    return;
  }
  deps.audit.recordRepeated("mcp.tool_called", {
    key: JSON.stringify([caller.deviceId, tool, args, outcome]),
    actor: caller.deviceId,
    ip: caller.ip,
    detail,
    overflowDetail: { device_name: caller.deviceName, tool: "reads, too many kinds to list one by one" },
  });
}

/** Runs a tool, audits it, and never throws (a failure is the tool's error result). */
function audited<A>(
  deps: ToolDeps,
  caller: Caller,
  tool: string,
  run: (args: A, extra: ToolExtra) => Promise<CallToolResult>,
) {
  return async (args: A, extra: ToolExtra): Promise<CallToolResult> => {
    let result: CallToolResult;
    try {
      result = await run(args, extra);
    } catch (error) {
      deps.log.warn("an MCP tool failed", { tool, error });
      result = text("Home Assistant could not answer just now; try again in a moment.", true);
    }
    const first = result.content[0];
    auditCall(
      deps,
      caller,
      tool,
      args,
      !result.isError ? "ok" : first?.type === "text" ? first.text : "error",
    );
    return result;
  };
}

/** The tools' arguments, with words for the model on each. */
const INPUT = {
  entity: { entity_id: ENTITY_ID.describe("The entity_id, e.g. light.kitchen_spots") },
  history: {
    entity_ids: z.array(ENTITY_ID).min(1).max(MAX_HISTORY_ENTITIES),
    start: z.string().max(40).optional().describe("ISO 8601 start; default 24 hours before end"),
    end: z
      .string()
      .max(40)
      .optional()
      .describe(`ISO 8601 end; default now; at most ${MAX_HISTORY_DAYS} days after start`),
  },
  call: {
    domain: z.string().min(1).max(64).describe("The service's domain, e.g. light"),
    service: z.string().min(1).max(64).describe("The service, e.g. turn_on"),
    entity_id: z
      .union([ENTITY_ID, z.array(ENTITY_ID).min(1).max(50)])
      .describe("The entity or entities to act on"),
    data: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('The service\'s fields, e.g. {"brightness_pct": 40}'),
  },
};

const READ = { readOnlyHint: true, openWorldHint: false };

/** Outside its weekly hours a read-only pass refuses every call: say so before the agent tries. */
function passNote(deps: ToolDeps, deviceId: string): { now?: string } {
  const pass = deps.devices.passOf(deviceId);
  if (pass?.state !== "read_only") return {};
  const until = pass.changesAt === null ? "" : ` until ${new Date(pass.changesAt).toISOString()}`;
  return { now: `Outside this agent's hours: it may only read${until}; every call is refused until then.` };
}

/** The three reading tools, each over the scope as it is when the tool runs. */
function registerReads(server: McpServer, deps: ToolDeps, caller: Caller, scope: () => AgentScope): void {
  server.registerTool(
    "get_home_overview",
    { title: "Home overview", description: TOOL_TEXT.overview, inputSchema: {}, annotations: READ },
    audited(deps, caller, "get_home_overview", async () =>
      json({ ...passNote(deps, caller.deviceId), areas: homeOverview(scope(), deps.mirror) }),
    ),
  );
  server.registerTool(
    "get_entity",
    { title: "One entity", description: TOOL_TEXT.entity, inputSchema: INPUT.entity, annotations: READ },
    audited(deps, caller, "get_entity", async ({ entity_id }: { entity_id: string }) => {
      const entity = describeEntity(deps.devices, deps.mirror, scope(), entity_id);
      return entity === null ? text(`Not found: ${entity_id}.`, true) : json(entity);
    }),
  );
  const history = async (args: HistoryAsk) => {
    try {
      return json(await historyOf(deps, caller.deviceId, args));
    } catch (error) {
      if (error instanceof HistoryRequestInvalid) return text(error.message, true);
      throw error;
    }
  };
  server.registerTool(
    "get_history",
    { title: "History", description: TOOL_TEXT.history, inputSchema: INPUT.history, annotations: READ },
    audited(deps, caller, "get_history", history),
  );
}

function registerCall(server: McpServer, deps: ToolDeps, caller: Caller): RegisteredTool {
  const callDeps: CallDeps = {
    gateway: deps.gateway,
    devices: deps.devices,
    pendingEveryMs: deps.pendingEveryMs,
  };
  return server.registerTool(
    "call_service",
    {
      title: "Call a service",
      description: TOOL_TEXT.call,
      inputSchema: INPUT.call,
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    audited(deps, caller, "call_service", (args, extra) => callService(callDeps, caller, args, extra)),
  );
}

/**
 * One session's MCP server: the four tools, each answering only from the device's scope as it
 * is when the tool runs. `call_service` is listed only while some entity in the scope may be
 * controlled; `refresh()` (on a scope change) lists or unlists it, which the SDK announces with
 * `notifications/tools/list_changed`.
 */
export function agentServer(deps: ToolDeps, caller: Caller): { server: McpServer; refresh(): void } {
  const server = new McpServer(
    { name: "hasync", title: "HAsync (Home Assistant)", version: deps.version },
    { capabilities: { logging: {} }, instructions: TOOL_TEXT.instructions },
  );
  const scope = () => agentScope(deps.devices, deps.mirror, caller.deviceId);
  registerReads(server, deps, caller, scope);
  const call = registerCall(server, deps, caller);
  const refresh = () => {
    const listed = mayControlAny(scope());
    if (listed === call.enabled) return;
    if (listed) call.enable();
    else call.disable();
  };
  refresh();
  return { server, refresh };
}
