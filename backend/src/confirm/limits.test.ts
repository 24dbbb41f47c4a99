import { MAX_PENDING_CONFIRMATIONS, MAX_PENDING_CONFIRMATIONS_PER_DEVICE } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfirmAsk } from "../gateway/service-calls.js";
import { ServiceCallDeclined } from "../gateway/service-calls.js";
import { type ConfirmFixture, LOCK_SCOPE, startConfirmFixture } from "../test-support/confirm.js";
import { rejectionOf } from "../test-support/pairing.js";

let f: ConfirmFixture;

beforeAll(async () => {
  f = await startConfirmFixture();
});
afterAll(async () => {
  await f.close();
});

const ask = (deviceId: string): ConfirmAsk => ({
  deviceId,
  ip: "192.0.2.7",
  request: { domain: "lock", service: "unlock", target: { entity_id: ["lock.front_door"] } },
  entityIds: ["lock.front_door"],
  via: "mcp",
});

describe("how many calls may wait", () => {
  it(`at most ${MAX_PENDING_CONFIRMATIONS} in all: the next is declined in words, and a freed place is taken again`, async () => {
    // One controller per caller, as each socket or request has its own.
    const callers: AbortController[] = [];
    const caller = () => {
      callers.push(new AbortController());
      return callers.at(-1)?.signal;
    };
    const waiting: Array<Promise<unknown>> = [];
    for (let i = 0; i < MAX_PENDING_CONFIRMATIONS; i++) {
      const device = `dev_many${Math.floor(i / MAX_PENDING_CONFIRMATIONS_PER_DEVICE)}`;
      waiting.push(f.confirmations.confirm(ask(device), caller()).catch((e: Error) => e));
    }
    expect(f.confirmations.list()).toHaveLength(MAX_PENDING_CONFIRMATIONS);
    const refused = await rejectionOf(f.confirmations.confirm(ask("dev_latecomer")), ServiceCallDeclined);
    expect(refused.message).toBe(
      `Unlocking Front Door needs the admin's confirmation, and ${MAX_PENDING_CONFIRMATIONS} actions are already waiting for it. Try again later.`,
    );
    // A refusal for want of room is audited like any refused call.
    const [entry] = f.server.hasync.audit.list({ type: "gateway.call_refused", limit: 1 }).entries;
    expect(entry).toMatchObject({ actor: "dev_latecomer", detail: { service: "lock.unlock" } });

    const first = f.confirmations.list()[0];
    expect((await f.decide(String(first?.id), "deny")).status).toBe(200);
    const late = f.confirmations.confirm(ask("dev_latecomer"), caller()).catch((e: Error) => e);
    expect(f.confirmations.list()).toHaveLength(MAX_PENDING_CONFIRMATIONS);
    for (const c of callers) c.abort();
    for (const outcome of await Promise.all([...waiting, late]))
      expect(outcome).toBeInstanceOf(ServiceCallDeclined);
    expect(f.confirmations.list()).toHaveLength(0);
    await f.confirmations.notices.settled();
  });

  it("two answers at once: exactly one decides, the other is told it was already decided", async () => {
    const { token } = await f.pair(LOCK_SCOPE, "Race tablet");
    const call = fetch(`${f.server.url}/api/services/lock/unlock`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ entity_id: "lock.front_door" }),
    });
    const held = await f.events.nthPending(f.events.pending.length + 1);
    const answers = await Promise.all([f.decide(held.id, "allow"), f.decide(held.id, "deny")]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = (await answers.find((r) => r.status === 200)?.json()) as { outcome: string };
    expect(winner.outcome).toBe("allowed");
    expect((await call).status).toBe(200);
    expect(f.callsTo("lock.unlock")).toHaveLength(1);
  });
});

describe("HAsync stopping with a call held", () => {
  it("withdraws the call and takes its notice back out of HA's drawer", async () => {
    const g = await startConfirmFixture();
    const { token } = await g.pair(LOCK_SCOPE, "Last tablet");
    const answer = fetch(`${g.server.url}/api/services/lock/unlock`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ entity_id: "lock.front_door" }),
    }).catch(() => null);
    const held = await g.events.nthPending(1);
    await g.server.close();
    expect(g.events.resolved).toEqual([{ id: held.id, outcome: "withdrawn", by: null }]);
    expect(g.callsTo("persistent_notification.dismiss").map((c) => c.service_data)).toEqual([
      { notification_id: `hasync_confirm_${held.id}` },
    ]);
    expect(g.callsTo("lock.unlock")).toHaveLength(0);
    await answer;
    await g.ha.stop();
  });
});
