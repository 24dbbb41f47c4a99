import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { LoggingMessageNotificationSchema, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallConfirmer, type ConfirmAsk, ServiceCallDeclined } from "../gateway/service-calls.js";
import {
  type McpFixture,
  mcpClient,
  type SideMcp,
  startMcpFixture,
  startSideMcp,
  textOf,
} from "../test-support/mcp.js";

/** Holds each call until the test answers it, as confirm/ holds it until the admin does. */
class TestConfirmer implements CallConfirmer {
  readonly held: Array<{ ask: ConfirmAsk; allow(): void; deny(): void; withdrawn: Promise<void> }> = [];
  confirm(ask: ConfirmAsk, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      let withdraw = () => undefined as unknown;
      const withdrawn = new Promise<void>((done) => {
        withdraw = done;
      });
      signal?.addEventListener("abort", () => {
        reject(new ServiceCallDeclined("The call was withdrawn."));
        withdraw();
      });
      this.held.push({
        ask,
        allow: resolve,
        deny: () => reject(new ServiceCallDeclined("The admin did not allow this action.")),
        withdrawn,
      });
    });
  }
}

let f: McpFixture;
let side: SideMcp;
let client: Client;
const confirmer = new TestConfirmer();
const logged: unknown[] = [];

beforeAll(async () => {
  f = await startMcpFixture();
  side = await startSideMcp(f.server.hasync, { confirmer, pendingEveryMs: 5 });
  const agent = await f.pair({ areas: ["hallway"], access: "control" }, "Door agent");
  client = await mcpClient(side.url, agent.token, "door-llm");
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logged.push(n.params.data));
});
afterAll(async () => {
  await client?.close();
  await side?.close();
  await f?.close();
});

const UNLOCK = {
  name: "call_service",
  arguments: { domain: "lock", service: "unlock", entity_id: "lock.front_door" },
};

/** Calls, and resolves `pending` once the server has reported progress `times` times. */
function callHeld(times: number, signal?: AbortSignal) {
  const seen: Progress[] = [];
  let reported = () => undefined as unknown;
  const pending = new Promise<void>((resolve) => {
    reported = resolve;
  });
  const onprogress = (progress: Progress) => {
    seen.push(progress);
    if (seen.length === times) reported();
  };
  const options = { onprogress, resetTimeoutOnProgress: true, ...(signal ? { signal } : {}) };
  return { result: client.callTool(UNLOCK, undefined, options), pending, seen };
}

describe("call_service and confirmations", () => {
  it("reports a held call as pending, repeatedly, then its outcome once allowed", async () => {
    const before = f.ha.serviceCalls.length;
    const call = callHeld(3);
    await call.pending;
    expect(call.seen[0]?.message).toMatch(/Waiting for the admin to allow lock\.unlock/);
    expect(f.ha.serviceCalls.length).toBe(before);
    expect(logged.at(-1)).toMatch(/held, not sent yet/);
    const held = confirmer.held.at(-1);
    expect(held?.ask).toMatchObject({ via: "mcp", entityIds: ["lock.front_door"] });
    held?.allow();
    const result = await call.result;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/^Done: lock\.unlock/);
    expect(f.ha.serviceCalls.slice(before)).toEqual([
      expect.objectContaining({ domain: "lock", service: "unlock" }),
    ]);
  });

  it("says so when the admin denies, and HA never hears of it", async () => {
    const before = f.ha.serviceCalls.length;
    const call = callHeld(1);
    await call.pending;
    confirmer.held.at(-1)?.deny();
    const result = await call.result;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("Not done: The admin did not allow this action.");
    expect(f.ha.serviceCalls.length).toBe(before);
  });

  it("withdraws the held call when the client cancels it", async () => {
    const abort = new AbortController();
    const call = callHeld(1, abort.signal);
    await call.pending;
    abort.abort();
    await expect(call.result).rejects.toThrow();
    await confirmer.held.at(-1)?.withdrawn;
  });

  it("does not report a call that needs no confirmation as pending", async () => {
    const seen: Progress[] = [];
    const result = await client.callTool(
      {
        name: "call_service",
        arguments: { domain: "light", service: "turn_on", entity_id: "light.hallway" },
      },
      undefined,
      { onprogress: (p) => void seen.push(p) },
    );
    expect(textOf(result)).toMatch(/^Done/);
    expect(seen).toEqual([]);
  });
});

describe("call_service with HAsync's own confirmations", () => {
  let agent: Client;

  beforeAll(async () => {
    const paired = await f.pair({ areas: ["hallway"], access: "control" }, "Live door agent");
    agent = await mcpClient(f.url, paired.token, "live-door-llm");
  });
  afterAll(async () => {
    await agent?.close();
  });

  // HA also hears HAsync's own notices to the admin (persistent_notification): only the lock counts.
  const lockCalls = () => f.ha.serviceCalls.filter((c) => c.domain === "lock");

  /** Calls, waits for the first pending report, and answers it as the admin in the panel. */
  async function decide(decision: "allow" | "deny") {
    let reported = () => undefined as unknown;
    const pending = new Promise<void>((resolve) => {
      reported = resolve;
    });
    const result = agent.callTool(UNLOCK, undefined, {
      onprogress: () => reported(),
      resetTimeoutOnProgress: true,
    });
    await pending;
    const list = (await (await f.admin("/confirmations")).json()) as {
      confirmations: Array<{ id: string; via: string; service: string; device_name: string }>;
    };
    const held = list.confirmations.find((c) => c.device_name === "Live door agent");
    expect(held).toMatchObject({ via: "mcp", service: "lock.unlock" });
    const answer = await f.admin(`/confirmations/${held?.id}`, {
      method: "POST",
      body: JSON.stringify({ decision }),
    });
    expect(answer.status).toBe(200);
    return result;
  }

  it("waits for the admin's allow in the panel, then reports HA's outcome", async () => {
    const before = lockCalls().length;
    const result = await decide("allow");
    expect(textOf(result)).toMatch(/^Done: lock\.unlock/);
    expect(lockCalls().slice(before)).toEqual([
      expect.objectContaining({ domain: "lock", service: "unlock" }),
    ]);
  });

  it("reports the admin's refusal in words, and HA never hears of the call", async () => {
    const before = lockCalls().length;
    const result = await decide("deny");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Not done: .*not confirmed/);
    expect(lockCalls().length).toBe(before);
  });
});
