import type { AuditEntry } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConfirmFixture,
  LOCK_SCOPE,
  startConfirmFixture,
  unlockMessage,
} from "../test-support/confirm.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

let f: ConfirmFixture;
let ids = 0;

const unlock = (client: RawHaClient) => {
  const id = ++ids;
  client.send(unlockMessage(id));
  return client.reply(id, 30_000);
};

const lightOn = (client: RawHaClient) => {
  const id = ++ids;
  client.send({
    id,
    type: "call_service",
    domain: "light",
    service: "turn_on",
    target: { entity_id: "light.kitchen_spots" },
  });
  return client.reply(id);
};

async function device(name: string) {
  const { token, device } = await f.pair(LOCK_SCOPE, name);
  ids = 0;
  return { client: await RawHaClient.authenticated(f.server.url, token), device };
}

const auditOf = (id: string): AuditEntry[] =>
  f.server.hasync.audit
    .list({ type: "confirm", limit: 200 })
    .entries.filter((e) => e.type.startsWith("confirm.") && e.detail.confirmation_id === id);

beforeAll(async () => {
  f = await startConfirmFixture();
});
afterAll(async () => {
  await f.close();
});

describe("a held call over HA's WebSocket", () => {
  it("reaches HA only once the admin allows it; the device gets HA's answer; the drawer notice comes and goes", async () => {
    const { client, device: tablet } = await device("Hall tablet");
    const before = f.callsTo("lock.unlock").length;
    const reply = unlock(client);
    const held = await f.events.nthPending(f.events.pending.length + 1);
    expect(held).toMatchObject({
      device_id: tablet.id,
      device_name: "Hall tablet",
      service: "lock.unlock",
      entities: [{ entity_id: "lock.front_door", name: "Front Door" }],
      via: "websocket",
    });
    await f.confirmations.notices.settled();
    expect(f.callsTo("lock.unlock")).toHaveLength(before);
    const created = f.callsTo("persistent_notification.create").at(-1);
    expect(created?.service_data).toMatchObject({
      notification_id: `hasync_confirm_${held.id}`,
      message: expect.stringContaining("**Hall tablet** wants to unlock Front Door."),
    });

    const decided = await f.decide(held.id, "allow");
    expect(decided.status).toBe(200);
    expect(await decided.json()).toEqual({ outcome: "allowed" });
    // "allowed" is answered once HA has answered the forwarded call.
    expect(f.callsTo("lock.unlock").slice(before)).toEqual([
      { domain: "lock", service: "unlock", service_data: {}, target: { entity_id: ["lock.front_door"] } },
    ]);
    expect(await reply).toMatchObject({ success: true, result: { context: { id: expect.any(String) } } });
    await f.confirmations.notices.settled();
    expect(f.callsTo("persistent_notification.dismiss").at(-1)?.service_data).toEqual({
      notification_id: `hasync_confirm_${held.id}`,
    });
    const audit = auditOf(held.id);
    expect(audit.map((e) => e.type).sort()).toEqual(["confirm.allowed", "confirm.requested"]);
    expect(audit.find((e) => e.type === "confirm.requested")).toMatchObject({
      actor: "Hall tablet",
      ip: expect.any(String),
      detail: {
        device_id: tablet.id,
        service: "lock.unlock",
        entities: ["lock.front_door"],
        entity_names: ["Front Door"],
      },
    });
    expect(audit.find((e) => e.type === "confirm.allowed")).toMatchObject({
      actor: "admin",
      detail: { by: "admin" },
    });
    client.close();
  });

  it("denied: refused in HA's words, never sent to HA", async () => {
    const { client } = await device("Porch tablet");
    const before = f.callsTo("lock.unlock").length;
    const reply = unlock(client);
    const held = await f.events.nthPending(f.events.pending.length + 1);
    const decided = await f.decide(held.id, "deny");
    expect(await decided.json()).toEqual({ outcome: "denied" });
    expect(await reply).toMatchObject({
      success: false,
      error: {
        code: "home_assistant_error",
        message: "Unlocking Front Door was not confirmed: the admin declined it.",
      },
    });
    expect(f.callsTo("lock.unlock")).toHaveLength(before);
    expect(auditOf(held.id).find((e) => e.type === "confirm.denied")).toMatchObject({ actor: "admin" });
    client.close();
  });

  it("withdrawn when the socket closes: an allow afterwards is refused and nothing reaches HA", async () => {
    const { client } = await device("Kid's tablet");
    const before = f.callsTo("lock.unlock").length;
    void unlock(client).catch(() => undefined);
    const held = await f.events.nthPending(f.events.pending.length + 1);
    client.close();
    expect(await f.events.resolutionOf(held.id)).toEqual({ id: held.id, outcome: "withdrawn", by: null });
    const late = await f.decide(held.id, "allow");
    expect(late.status).toBe(409);
    expect(await late.json()).toEqual({
      error: { code: "conflict", message: "This call was already withdrawn." },
    });
    expect(f.callsTo("lock.unlock")).toHaveLength(before);
    expect(auditOf(held.id).find((e) => e.type === "confirm.withdrawn")?.detail).toMatchObject({
      why: "caller_left",
    });
  });

  it("a fourth call from one device is declined in words while three wait; other calls are not held up", async () => {
    const { client } = await device("Busy tablet");
    const other = await device("Other tablet");
    const first = f.events.pending.length;
    const replies = [unlock(client), unlock(client), unlock(client)];
    const held = await Promise.all([1, 2, 3].map((n) => f.events.nthPending(first + n)));
    expect(await unlock(client)).toMatchObject({
      success: false,
      error: {
        code: "home_assistant_error",
        message: expect.stringContaining("this device already has 3 actions waiting"),
      },
    });
    // The same device's and another device's unheld calls are answered while three calls wait.
    expect(await lightOn(client)).toMatchObject({ success: true });
    expect(await lightOn(other.client)).toMatchObject({ success: true });
    expect(f.confirmations.list().map((c) => c.id)).toEqual(held.map((c) => c.id));
    // Another device may still ask: the limit is per device.
    void unlock(other.client).catch(() => undefined);
    await f.events.nthPending(first + 4);
    for (const c of held) await f.decide(c.id, "deny");
    for (const reply of replies) expect(await reply).toMatchObject({ success: false });
    client.close();
    other.client.close();
  });

  it("revoking the device withdraws its held call at once", async () => {
    const { client, device: tablet } = await device("Lent tablet");
    void unlock(client).catch(() => undefined);
    const held = await f.events.nthPending(f.events.pending.length + 1);
    expect((await f.admin(`/devices/${tablet.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await f.events.resolutionOf(held.id)).toMatchObject({ outcome: "withdrawn" });
    expect(auditOf(held.id).find((e) => e.type === "confirm.withdrawn")?.detail).toMatchObject({
      why: "device_access_ended",
    });
    expect((await f.decide(held.id, "allow")).status).toBe(409);
    // The gateway closes a revoked device's sockets (4xxx "revoked"), with the call still unsent.
    expect(await client.closed).toBeGreaterThanOrEqual(4000);
  });
});

describe("a held call nobody answers", () => {
  let quick: ConfirmFixture;
  beforeAll(async () => {
    quick = await startConfirmFixture({ deadlineMs: 250 });
  });
  afterAll(async () => {
    await quick.close();
  });

  it("is refused at the deadline, saying how long it waited", async () => {
    const { token } = await quick.pair(LOCK_SCOPE, "Night tablet");
    const client = await RawHaClient.authenticated(quick.server.url, token);
    client.send(unlockMessage(1));
    const held = await quick.events.nthPending(1);
    expect(await client.reply(1, 30_000)).toMatchObject({
      success: false,
      error: {
        code: "home_assistant_error",
        message: "Unlocking Front Door was not confirmed: no answer within 1 second.",
      },
    });
    expect(await quick.events.resolutionOf(held.id)).toMatchObject({ outcome: "timed_out", by: null });
    expect(quick.callsTo("lock.unlock")).toHaveLength(0);
    expect((await quick.decide(held.id, "allow")).status).toBe(409);
    client.close();
  });
});
