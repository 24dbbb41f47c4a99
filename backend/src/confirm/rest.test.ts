import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConfirmFixture, LOCK_SCOPE, startConfirmFixture } from "../test-support/confirm.js";

let f: ConfirmFixture;

beforeAll(async () => {
  f = await startConfirmFixture();
});
afterAll(async () => {
  await f.close();
});

/** `POST /api/services/lock/unlock` as a device would send it (HA's REST API). */
function unlock(token: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${f.server.url}/api/services/lock/unlock`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ entity_id: "lock.front_door" }),
    ...(signal ? { signal } : {}),
  });
}

describe("a held call over HA's REST API", () => {
  it("allowed: HA's answer (the states it changed) comes back once the admin allows", async () => {
    const { token } = await f.pair(LOCK_SCOPE, "Garden tablet");
    const before = f.callsTo("lock.unlock").length;
    const answer = unlock(token);
    const held = await f.events.nthPending(f.events.pending.length + 1);
    expect(held).toMatchObject({ via: "rest", service: "lock.unlock" });
    expect(f.callsTo("lock.unlock")).toHaveLength(before);
    expect(await (await f.decide(held.id, "allow")).json()).toEqual({ outcome: "allowed" });
    const res = await answer;
    expect(res.status).toBe(200);
    const states = (await res.json()) as Array<{ entity_id: string; state: string }>;
    expect(states).toEqual([expect.objectContaining({ entity_id: "lock.front_door", state: "unlocked" })]);
    expect(f.callsTo("lock.unlock")).toHaveLength(before + 1);
    f.ha.setState("lock.front_door", "locked");
  });

  it("denied: 403 with HA's message, never sent", async () => {
    const { token } = await f.pair(LOCK_SCOPE, "Shed tablet");
    const before = f.callsTo("lock.unlock").length;
    const answer = unlock(token);
    const held = await f.events.nthPending(f.events.pending.length + 1);
    await f.decide(held.id, "deny");
    const res = await answer;
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      message: "Unlocking Front Door was not confirmed: the admin declined it.",
    });
    expect(f.callsTo("lock.unlock")).toHaveLength(before);
  });

  it("a client that hangs up withdraws its call, which an allow cannot bring back", async () => {
    const { token } = await f.pair(LOCK_SCOPE, "Impatient script");
    const before = f.callsTo("lock.unlock").length;
    const hangUp = new AbortController();
    const answer = unlock(token, hangUp.signal).catch((error: Error) => error.name);
    const held = await f.events.nthPending(f.events.pending.length + 1);
    hangUp.abort();
    expect(await answer).toBe("AbortError");
    expect(await f.events.resolutionOf(held.id)).toMatchObject({ outcome: "withdrawn" });
    expect((await f.decide(held.id, "allow")).status).toBe(409);
    expect(f.callsTo("lock.unlock")).toHaveLength(before);
  });

  it("revoking the device ends its waiting request with a 403 that says so", async () => {
    const { token, device } = await f.pair(LOCK_SCOPE, "Borrowed laptop");
    const answer = unlock(token);
    const held = await f.events.nthPending(f.events.pending.length + 1);
    expect((await f.admin(`/devices/${device.id}`, { method: "DELETE" })).status).toBe(204);
    const res = await answer;
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      message: "Unlocking Front Door was not confirmed: this device's access ended.",
    });
    expect(await f.events.resolutionOf(held.id)).toMatchObject({ outcome: "withdrawn", by: null });
  });

  it("a fourth waiting call is declined at once with a 403 in words", async () => {
    const { token } = await f.pair(LOCK_SCOPE, "Eager script");
    const first = f.events.pending.length;
    const waiting = [unlock(token), unlock(token), unlock(token)];
    const held = await Promise.all([1, 2, 3].map((n) => f.events.nthPending(first + n)));
    const fourth = await unlock(token);
    expect(fourth.status).toBe(403);
    expect(((await fourth.json()) as { message: string }).message).toMatch(
      /^Unlocking Front Door needs the admin's confirmation, and this device already has 3 actions waiting/,
    );
    for (const c of held) await f.decide(c.id, "deny");
    for (const res of await Promise.all(waiting)) expect(res.status).toBe(403);
  });
});
