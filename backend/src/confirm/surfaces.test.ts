import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { MCP_PATH, type PassHours, type Scope, type ServiceRate, WEEKDAYS } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ZONE } from "../test-support/clocked-home.js";
import { type ConfirmFixture, startConfirmFixture } from "../test-support/confirm.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { mcpClient } from "../test-support/mcp.js";

/**
 * The guard rails are one decision path (gateway/service-calls.ts forwardServiceCall): the same
 * call gets the same outcome over HA's WebSocket, HA's REST API and the MCP endpoint, each in its
 * own surface's shape, and the demo HA's call log shows what reached it. Each surface is a
 * separate device, so one's rate bucket or held calls never touch another's.
 */
type Outcome = { ok: true } | { ok: false; code: string; message: string };

interface Surface {
  call(domain: string, service: string, entityId: string, data?: Record<string, unknown>): Promise<Outcome>;
  close(): Promise<void>;
}

const SURFACES = ["websocket", "rest", "mcp"] as const;
type SurfaceName = (typeof SURFACES)[number];

/** What each surface answers for each kind of refusal (HA's codes, HTTP statuses, MCP's isError). */
const REFUSED: Record<SurfaceName, Record<"declined" | "limit" | "throttled", string>> = {
  websocket: {
    declined: "home_assistant_error",
    limit: "service_validation_error",
    throttled: "home_assistant_error",
  },
  rest: { declined: "403", limit: "400", throttled: "429" },
  mcp: { declined: "tool_error", limit: "tool_error", throttled: "tool_error" },
};

let f: ConfirmFixture;
let short: ConfirmFixture;

beforeAll(async () => {
  [f, short] = await Promise.all([startConfirmFixture(), startConfirmFixture({ deadlineMs: 400 })]);
});
afterAll(async () => {
  await Promise.all([f.close(), short.close()]);
});

async function webSocket(url: string, token: string): Promise<Surface> {
  const client = await RawHaClient.authenticated(url, token);
  let id = 0;
  return {
    async call(domain, service, entityId, data) {
      id += 1;
      client.send({
        id,
        type: "call_service",
        domain,
        service,
        service_data: data,
        target: { entity_id: entityId },
      });
      const reply = (await client.reply(id, 30_000)) as {
        success: boolean;
        error?: { code: string; message: string };
      };
      return reply.success
        ? { ok: true }
        : { ok: false, code: String(reply.error?.code), message: String(reply.error?.message) };
    },
    async close() {
      client.close();
    },
  };
}

function rest(url: string, token: string): Surface {
  return {
    async call(domain, service, entityId, data) {
      const res = await fetch(`${url}/api/services/${domain}/${service}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ entity_id: entityId, ...data }),
      });
      if (res.status === 200) return { ok: true };
      return {
        ok: false,
        code: String(res.status),
        message: String(((await res.json()) as { message?: string }).message),
      };
    },
    async close() {},
  };
}

async function mcp(url: string, token: string): Promise<Surface> {
  const client: Client = await mcpClient(new URL(`${url}${MCP_PATH}`), token);
  return {
    async call(domain, service, entityId, data) {
      const result = (await client.callTool(
        {
          name: "call_service",
          arguments: { domain, service, entity_id: entityId, ...(data ? { data } : {}) },
        },
        undefined,
        { timeout: 30_000 },
      )) as CallToolResult;
      const first = result.content[0];
      const words = first?.type === "text" ? first.text : "";
      return result.isError ? { ok: false, code: "tool_error", message: words } : { ok: true };
    },
    close: () => client.close(),
  };
}

interface DeviceSetup {
  scope: Partial<Scope>;
  hours?: PassHours;
  rate?: ServiceRate;
}

/**
 * One paired device per surface and fixture (pairing is throttled per address, as it should be),
 * given each case's scope and guard rails by the admin API, and its hours and rate taken back.
 */
class SurfaceDevice {
  private surface: Surface | null = null;
  private id = "";

  constructor(
    private readonly fx: ConfirmFixture,
    private readonly name: SurfaceName,
  ) {}

  async pair(): Promise<void> {
    const { token, device } = await this.fx.pair(LIGHT, `${this.name} device`);
    this.id = device.id;
    const url = this.fx.server.url;
    this.surface =
      this.name === "websocket"
        ? await webSocket(url, token)
        : this.name === "rest"
          ? rest(url, token)
          : await mcp(url, token);
  }

  async given(setup: DeviceSetup): Promise<Surface> {
    const patch = { scope: setup.scope, hours: setup.hours ?? null, rate: setup.rate ?? null };
    const res = await this.fx.admin(`/devices/${this.id}`, { method: "PATCH", body: JSON.stringify(patch) });
    expect(res.status).toBe(200);
    if (this.surface === null) throw new Error("not paired");
    return this.surface;
  }

  close(): Promise<void> {
    return this.surface?.close() ?? Promise.resolve();
  }
}

const LOCK: Partial<Scope> = { access: "control", entities: ["lock.front_door"] };
const LIGHT: Partial<Scope> = { access: "control", entities: ["light.kitchen_spots"] };

/** Weekly hours that are closed all of today and tomorrow, in the demo home's time zone. */
function hoursNotNow(): PassHours {
  const today = new Intl.DateTimeFormat("en-US", { timeZone: DEMO_ZONE, weekday: "short" })
    .format(new Date())
    .toLowerCase()
    .slice(0, 3);
  const index = WEEKDAYS.findIndex((day) => day === today);
  const day = WEEKDAYS[(index + 3) % 7] ?? "mon";
  return { windows: [{ day, from: "09:00", to: "10:00" }], outside: "read" };
}

describe.each(SURFACES)("guard rails over %s", (surface) => {
  let main: SurfaceDevice;
  let timed: SurfaceDevice;
  beforeAll(async () => {
    main = new SurfaceDevice(f, surface);
    timed = new SurfaceDevice(short, surface);
    await Promise.all([main.pair(), timed.pair()]);
  });
  afterAll(async () => {
    await Promise.all([main.close(), timed.close()]);
  });
  it("a lock that asks first reaches HA only once the admin allows it", async () => {
    const device = await main.given({ scope: LOCK });
    const before = f.callsTo("lock.unlock").length;
    const answer = device.call("lock", "unlock", "lock.front_door");
    const held = await f.events.nthPending(f.events.pending.length + 1);
    expect(held).toMatchObject({ service: "lock.unlock", via: surface });
    expect(f.callsTo("lock.unlock")).toHaveLength(before);
    expect((await f.decide(held.id, "allow")).status).toBe(200);
    expect(await answer).toEqual({ ok: true });
    expect(f.callsTo("lock.unlock")).toHaveLength(before + 1);
  });

  it("denied, the call is refused in words and never reaches HA", async () => {
    const device = await main.given({ scope: LOCK });
    const before = f.callsTo("lock.unlock").length;
    const answer = device.call("lock", "unlock", "lock.front_door");
    const held = await f.events.nthPending(f.events.pending.length + 1);
    expect((await f.decide(held.id, "deny")).status).toBe(200);
    expect(await answer).toEqual({
      ok: false,
      code: REFUSED[surface].declined,
      message: expect.stringContaining("Unlocking Front Door was not confirmed: the admin declined it."),
    });
    expect(f.callsTo("lock.unlock")).toHaveLength(before);
  });

  it("unanswered by its deadline, the call is refused and never reaches HA", async () => {
    const device = await timed.given({ scope: LOCK });
    const before = short.callsTo("lock.unlock").length;
    const answer = device.call("lock", "unlock", "lock.front_door");
    const held = await short.events.nthPending(short.events.pending.length + 1);
    expect(await short.events.resolutionOf(held.id)).toMatchObject({ outcome: "timed_out", by: null });
    expect(await answer).toEqual({
      ok: false,
      code: REFUSED[surface].declined,
      message: expect.stringContaining("was not confirmed: no answer within"),
    });
    expect(short.callsTo("lock.unlock")).toHaveLength(before);
  });

  it("a value beyond the device's limits is refused as HA refuses an out-of-range value", async () => {
    const device = await main.given({
      scope: { ...LIGHT, limits: { light_brightness_pct: { max: 60 } } },
    });
    const before = f.callsTo("light.turn_on").length;
    expect(await device.call("light", "turn_on", "light.kitchen_spots", { brightness_pct: 90 })).toEqual({
      ok: false,
      code: REFUSED[surface].limit,
      message: expect.stringContaining("Brightness 90 % is above this device's limit of 60 %."),
    });
    expect(f.callsTo("light.turn_on")).toHaveLength(before);
    expect(await device.call("light", "turn_on", "light.kitchen_spots", { brightness_pct: 60 })).toEqual({
      ok: true,
    });
    expect(f.callsTo("light.turn_on")).toHaveLength(before + 1);
  });

  it("outside its weekly hours a read-only pass is refused, saying when it opens", async () => {
    const device = await main.given({ scope: LIGHT, hours: hoursNotNow() });
    const before = f.callsTo("light.turn_on").length;
    expect(await device.call("light", "turn_on", "light.kitchen_spots")).toEqual({
      ok: false,
      code: REFUSED[surface].declined,
      message: expect.stringContaining("read-only outside its hours"),
    });
    expect(f.callsTo("light.turn_on")).toHaveLength(before);
  });

  it("over its own call rate a device is throttled and HA never sees the extra call", async () => {
    const device = await main.given({ scope: LIGHT, rate: { burst: 1, per_minute: 1 } });
    const before = f.callsTo("light.turn_on").length;
    expect(await device.call("light", "turn_on", "light.kitchen_spots")).toEqual({ ok: true });
    expect(await device.call("light", "turn_on", "light.kitchen_spots")).toEqual({
      ok: false,
      code: REFUSED[surface].throttled,
      message: expect.stringMatching(/too many/i),
    });
    expect(f.callsTo("light.turn_on")).toHaveLength(before + 1);
  });
});
