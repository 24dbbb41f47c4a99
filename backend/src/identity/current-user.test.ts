import type { Device } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeviceStore } from "../devices/store.js";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

async function currentUser(client: RawHaClient, id: number): Promise<Record<string, unknown>> {
  client.send({ id, type: "auth/current_user" });
  const reply = await client.reply(id);
  expect(reply.success).toBe(true);
  return reply.result as Record<string, unknown>;
}

const patch = (id: string, body: unknown) =>
  fx.admin(`/devices/${id}`, { method: "PATCH", body: JSON.stringify(body) });

describe("auth/current_user through HAsync", () => {
  it("answers a user for the device in HA's shape: never the owner, not an admin by default", async () => {
    const direct = await RawHaClient.authenticated(fx.ha.url, fx.ha.token);
    const haUser = await currentUser(direct, 1);
    direct.close();

    const { token, device } = await fx.pair({ areas: ["kitchen"] }, "Kitchen tablet");
    const first = await RawHaClient.authenticated(fx.url, token);
    const user = await currentUser(first, 1);
    expect(Object.keys(user).sort()).toEqual(Object.keys(haUser).sort());
    expect(user).toMatchObject({
      name: "Kitchen tablet",
      is_owner: false,
      is_admin: false,
      credentials: [],
      mfa_modules: [],
    });
    expect(user.id).toMatch(/^[0-9a-f]{32}$/);
    expect(user.id).not.toBe(haUser.id);
    expect(String(user.id)).not.toContain(device.id.slice(4));

    // Stable for the device across sockets, different for another device.
    const second = await RawHaClient.authenticated(fx.url, token);
    expect((await currentUser(second, 1)).id).toBe(user.id);
    const other = await fx.pair({ areas: ["kitchen"] }, "Hall tablet");
    const third = await RawHaClient.authenticated(fx.url, other.token);
    expect((await currentUser(third, 1)).id).not.toBe(user.id);
    for (const c of [first, second, third]) c.close();
  });

  it("says is_admin once an admin turns on 'present as an administrator', live and audited", async () => {
    const { token, device } = await fx.pair({ areas: ["kitchen"] }, "Node-RED");
    expect(device.presents_as_admin).toBe(false);
    const client = await RawHaClient.authenticated(fx.url, token);
    expect((await currentUser(client, 1)).is_admin).toBe(false);

    const on = await patch(device.id, { presents_as_admin: true });
    expect(on.status).toBe(200);
    expect(((await on.json()) as Device).presents_as_admin).toBe(true);
    // The open socket sees it on its next ask; the scope is untouched.
    expect(await currentUser(client, 2)).toMatchObject({ is_admin: true, is_owner: false });
    expect(fx.server.hasync.devices.entitiesOf(device.id).size).toBe(device.entity_count);
    expect(fx.server.hasync.devices.presentsAsAdmin(device.id)).toBe(true);
    // Stored in SQLite, not only in memory.
    const stored = new DeviceStore(fx.server.hasync.db).all().find((d) => d.id === device.id);
    expect(stored?.presentsAsAdmin).toBe(true);

    const audited = fx.server.hasync.db
      .prepare("SELECT actor, detail FROM audit_log WHERE type = 'device.admin_presentation_changed'")
      .all() as Array<{ actor: string; detail: string }>;
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]?.detail ?? "{}")).toEqual({
      device_id: device.id,
      name: "Node-RED",
      presents_as_admin: true,
    });

    expect((await patch(device.id, { presents_as_admin: false })).status).toBe(200);
    expect((await currentUser(client, 3)).is_admin).toBe(false);
    client.close();
  });

  it("refuses a malformed setting with the admin API's error envelope and changes nothing", async () => {
    const { device } = await fx.pair({ areas: ["kitchen"] }, "Guest");
    for (const body of [
      { presents_as_admin: "yes" },
      { presents_as_admin: 1 },
      { presents_as_admin: null },
    ]) {
      const res = await patch(device.id, body);
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { error: { code: string; message: string } };
      expect(answer.error.code).toBe("invalid_request");
      expect(answer.error.message).toContain("presents_as_admin");
    }
    expect(fx.server.hasync.devices.presentsAsAdmin(device.id)).toBe(false);
    expect(fx.server.hasync.devices.presentsAsAdmin("dev_unknown")).toBe(false);
  });
});
