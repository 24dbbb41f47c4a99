import type { AuditPage } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

/** Sends `count` call_service commands and waits for every reply. */
async function callMany(client: RawHaClient, count: number, call: (i: number) => Record<string, unknown>) {
  const replies = [];
  for (let i = 0; i < count; i++) {
    const id = 100 + i;
    client.send({ id, type: "call_service", ...call(i) });
    replies.push(client.reply(id, 30_000));
  }
  return Promise.all(replies);
}

describe("a read-only device flooding refused calls", () => {
  it("writes a handful of audit entries with counts, and the admin's pairing history stays", async () => {
    const { token, device } = await fx.pair({ areas: ["kitchen"], access: "read" }, "Hall kiosk");
    const client = await RawHaClient.authenticated(fx.url, token);
    const replies = await callMany(client, 500, () => ({
      domain: "light",
      service: "turn_on",
      target: { entity_id: "light.kitchen_spots" },
    }));
    expect(replies.every((r) => r.success === false)).toBe(true);
    // A domain of 60 kB, refused as well (by the scope, or earlier as a malformed call).
    const [huge] = await callMany(client, 1, () => ({ domain: "d".repeat(60_000), service: "turn_on" }));
    expect(huge?.success).toBe(false);
    client.close();

    const res = await fx.admin("/audit?type=gateway&limit=200");
    const page = (await res.json()) as AuditPage;
    const mine = page.entries.filter((e) => e.actor === device.id);
    // 0861a99 wrote an entry per call: 501 here.
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThanOrEqual(3);
    expect(mine.some((e) => (e.count ?? 1) > 1)).toBe(true);
    expect(Math.max(...mine.map((e) => JSON.stringify(e.detail).length))).toBeLessThan(1000);

    const history = (await (await fx.admin("/audit?type=pairing.approved&limit=200")).json()) as AuditPage;
    expect(history.entries.some((e) => e.detail.device_id === device.id)).toBe(true);
  });
});
