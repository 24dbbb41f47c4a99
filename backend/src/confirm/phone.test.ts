import type { Confirmation } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedServiceCall } from "../simulator/index.js";
import {
  type ConfirmFixture,
  LOCK_SCOPE,
  startConfirmFixture,
  unlockMessage,
} from "../test-support/confirm.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

const PHONE = "notify.mobile_app_alex_phone";
let f: ConfirmFixture;
let client: RawHaClient;
let ids = 0;

interface PhoneAction {
  action: string;
  title: string;
}

/** Holds one unlock from the tablet; resolves with the held call and the device's eventual reply. */
async function holdUnlock(): Promise<{ held: Confirmation; reply: Promise<Record<string, unknown>> }> {
  const id = ++ids;
  client.send(unlockMessage(id));
  const reply = client.reply(id, 30_000);
  const held = await f.events.nthPending(f.events.pending.length + 1);
  await f.confirmations.notices.settled();
  return { held, reply };
}

/** The notification the phone was sent for a held call. */
function phoneNotice(held: Confirmation): RecordedServiceCall {
  const sent = f
    .callsTo(PHONE)
    .find((c) => (c.service_data.data as { tag?: string } | undefined)?.tag === `hasync-confirm-${held.id}`);
  if (!sent) throw new Error("the phone was not asked");
  return sent;
}
const actionsOf = (sent: RecordedServiceCall) =>
  (sent.service_data.data as { actions: PhoneAction[] }).actions;
const clears = (held: Confirmation) =>
  f
    .callsTo(PHONE)
    .filter(
      (c) =>
        c.service_data.message === "clear_notification" &&
        (c.service_data.data as { tag?: string }).tag === `hasync-confirm-${held.id}`,
    );

beforeAll(async () => {
  f = await startConfirmFixture();
  const put = await f.admin("/confirm-settings", {
    method: "PUT",
    body: JSON.stringify({ notify_service: PHONE, timeout_s: 120 }),
  });
  expect(put.status).toBe(200);
  const { token } = await f.pair(LOCK_SCOPE, "Hall tablet");
  client = await RawHaClient.authenticated(f.server.url, token);
});
afterAll(async () => {
  client.close();
  await f.close();
});

describe("the admin's phone", () => {
  it("gets an actionable notification whose Allow runs the call; a made-up nonce before it decides nothing", async () => {
    const before = f.callsTo("lock.unlock").length;
    const { held, reply } = await holdUnlock();
    const sent = phoneNotice(held);
    expect(sent.service_data).toMatchObject({
      title: "Allow this action?",
      message: "Hall tablet wants to unlock Front Door.",
      data: { tag: `hasync-confirm-${held.id}`, timeout: 120 },
    });
    const [allow, deny] = actionsOf(sent);
    expect(allow?.action).toMatch(/^HASYNC_ALLOW_[0-9a-f]{32}$/);
    expect(deny?.action).toBe(allow?.action.replace("ALLOW", "DENY"));
    // The confirmation id is never what the phone proves.
    expect(allow?.action).not.toContain(held.id);
    await f.confirmations.phone.ready();

    // Taps arrive in order on one socket: if the forged one counted, the call would be allowed twice over.
    f.ha.tapNotificationAction({ action: `HASYNC_ALLOW_${"0".repeat(32)}` });
    f.ha.tapNotificationAction({ action: `HASYNC_DENY_${held.id}` });
    f.ha.tapNotificationAction({ action: String(allow?.action), tag: `hasync-confirm-${held.id}` });
    expect(await f.events.resolutionOf(held.id)).toEqual({ id: held.id, outcome: "allowed", by: PHONE });
    expect(await reply).toMatchObject({ success: true });
    expect(f.callsTo("lock.unlock")).toHaveLength(before + 1);
    await f.confirmations.notices.settled();
    // Answered on the phone: its notification is not cleared again, the drawer's is dismissed.
    expect(clears(held)).toHaveLength(0);
    expect(f.callsTo("persistent_notification.dismiss").at(-1)?.service_data).toEqual({
      notification_id: `hasync_confirm_${held.id}`,
    });
    const allowed = f.server.hasync.audit
      .list({ type: "confirm.allowed", limit: 10 })
      .entries.find((e) => e.detail.confirmation_id === held.id);
    expect(allowed).toMatchObject({ actor: PHONE, detail: { by: PHONE, answered_on: "phone" } });
    f.ha.setState("lock.front_door", "locked");
  });

  it("a replayed tap decides nothing for the next call; deciding in the panel clears the phone's notification", async () => {
    const first = await holdUnlock();
    const firstDeny = String(actionsOf(phoneNotice(first.held))[1]?.action);
    await f.confirmations.phone.ready();
    f.ha.tapNotificationAction({ action: firstDeny });
    expect(await f.events.resolutionOf(first.held.id)).toMatchObject({ outcome: "denied", by: PHONE });
    expect(await first.reply).toMatchObject({ success: false });

    const second = await holdUnlock();
    await f.confirmations.phone.ready();
    f.ha.tapNotificationAction({ action: firstDeny });
    expect(await (await f.decide(second.held.id, "allow")).json()).toEqual({ outcome: "allowed" });
    expect(await f.events.resolutionOf(second.held.id)).toMatchObject({ outcome: "allowed", by: "admin" });
    expect(await second.reply).toMatchObject({ success: true });
    await f.confirmations.notices.settled();
    expect(clears(second.held)).toEqual([
      { domain: "notify", service: "mobile_app_alex_phone", service_data: expect.anything() },
    ]);
    f.ha.setState("lock.front_door", "locked");
  });

  it("listens again after the link to Home Assistant drops", async () => {
    const { held, reply } = await holdUnlock();
    const allow = String(actionsOf(phoneNotice(held))[0]?.action);
    await f.confirmations.phone.ready();
    const link = f.server.hasync.ha;
    const down = new Promise<void>((resolve) => {
      const off = link.on("status", (status) => {
        if (status.connected) return;
        off();
        resolve();
      });
    });
    f.ha.dropConnections();
    await down;
    expect(await link.waitUntilSynced(10_000)).toBe(true);
    await f.confirmations.phone.ready();
    f.ha.tapNotificationAction({ action: allow });
    expect(await f.events.resolutionOf(held.id)).toMatchObject({ outcome: "allowed", by: PHONE });
    expect(await reply).toMatchObject({ success: true });
  });
});
