import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConfirmFixture, LOCK_SCOPE, startConfirmFixture } from "../test-support/confirm.js";
import { sendWebhook, webhookIdOf } from "../test-support/mobile-app.js";

/** An HA app's call on an entity that waits for the admin: held like any other, named as the app's. */
let fx: ConfirmFixture;
let webhookId: string;

beforeAll(async () => {
  fx = await startConfirmFixture();
  const { token } = await fx.pair(LOCK_SCOPE, "Anna's phone");
  webhookId = await webhookIdOf(fx.server.url, token);
});

afterAll(async () => {
  await fx?.close();
});

const unlock = {
  type: "call_service",
  data: { domain: "lock", service: "unlock", service_data: { entity_id: "lock.front_door" } },
};

describe("a webhook call that needs the admin's confirmation", () => {
  it("waits for the admin, is shown as the HA app's, and reaches HA once allowed", async () => {
    const answer = sendWebhook(fx.server.url, webhookId, unlock);
    const held = await fx.events.nthPending(1);
    expect(held).toMatchObject({ via: "mobile_app", service: "lock.unlock", device_name: "Anna's phone" });
    expect(fx.callsTo("lock.unlock")).toHaveLength(0);
    expect((await fx.decide(held.id, "allow")).status).toBe(200);
    expect(await answer).toMatchObject({ status: 200, text: "{}" });
    expect(fx.callsTo("lock.unlock")).toHaveLength(1);
  });

  it("answers a denied call as HA answers a failed one, and HA never sees it", async () => {
    const answer = sendWebhook(fx.server.url, webhookId, unlock);
    const held = await fx.events.nthPending(2);
    expect((await fx.decide(held.id, "deny")).status).toBe(200);
    expect(await answer).toMatchObject({ status: 400, text: "400: Bad Request" });
    expect(fx.callsTo("lock.unlock")).toHaveLength(1);
  });
});
