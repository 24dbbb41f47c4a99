import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../devices/tokens.js";
import {
  APP_REGISTRATION,
  json,
  type MobileAppFixture,
  registerApp,
  sendWebhook,
  startMobileAppFixture,
  webhookIdOf,
} from "../test-support/mobile-app.js";
import { adminFetch, pairDevice } from "../test-support/pairing.js";

/**
 * `POST /api/mobile_app/registrations` through HAsync (core mobile_app/http_api.py
 * RegistrationsView): HAsync's own registration, one per device, the webhook id kept by hash.
 */
let fx: MobileAppFixture;
let token: string;
let deviceId: string;

beforeAll(async () => {
  fx = await startMobileAppFixture();
  ({
    token,
    device: { id: deviceId },
  } = await pairDevice(fx.server.url, { areas: ["kitchen"] }, "Anna's phone"));
});

afterAll(async () => {
  await fx?.close();
});

const row = () =>
  fx.server.db
    .prepare<[string], { webhook_hash: string; registration: string }>(
      "SELECT webhook_hash, registration FROM mobile_app_registrations WHERE device_id = ?",
    )
    .get(deviceId);

describe("an HA app registering through HAsync", () => {
  it("finds mobile_app in the device's components, as the apps check before registering", async () => {
    const config = await fetch(`${fx.server.url}/api/config`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await config.json()) as { components: string[] }).components).toContain("mobile_app");
  });

  it("is answered 201 in HA's shape, without encryption, cloudhook or remote UI", async () => {
    const answer = await registerApp(fx.server.url, token);
    expect(answer.status).toBe(201);
    const body = json(answer) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["cloudhook_url", "remote_ui_url", "secret", "webhook_id"]);
    expect(body).toMatchObject({ cloudhook_url: null, remote_ui_url: null, secret: null });
    expect(body.webhook_id).toMatch(/^[0-9a-f]{64}$/);
    // Only the hash is kept, and never the push relay's token.
    const stored = row();
    expect(stored?.webhook_hash).toBe(sha256(body.webhook_id as string));
    expect(JSON.stringify(stored)).not.toContain(body.webhook_id as string);
    expect(stored?.registration).not.toContain("secret-push-token");
    expect(JSON.parse(stored?.registration ?? "{}")).toMatchObject({ app_id: APP_REGISTRATION.app_id });
    expect(fx.server.lines.join("\n")).not.toContain(body.webhook_id as string);
  });

  it("replaces the device's one registration, and its webhook, when the app registers again", async () => {
    const first = await webhookIdOf(fx.server.url, token);
    const second = await webhookIdOf(fx.server.url, token);
    expect(second).not.toBe(first);
    expect(fx.server.hasync.db.prepare("SELECT COUNT(*) AS n FROM mobile_app_registrations").get()).toEqual({
      n: 1,
    });
    expect(await sendWebhook(fx.server.url, first, { type: "get_config" })).toMatchObject({
      status: 200,
      text: "",
    });
    expect((await sendWebhook(fx.server.url, second, { type: "get_config" })).status).toBe(200);
    expect(json(await sendWebhook(fx.server.url, second, { type: "get_config" }))).toHaveProperty("version");
  });

  it("refuses bad bodies in RequestDataValidator's words, and a missing token with aiohttp's 401", async () => {
    const cases: Array<[unknown, number, string]> = [
      ["{nope", 400, "Invalid JSON."],
      ["", 400, "Invalid JSON."],
      [[APP_REGISTRATION], 400, "Message format incorrect: expected a dictionary"],
      [
        { ...APP_REGISTRATION, app_id: undefined },
        400,
        "Message format incorrect: required key not provided @ data['app_id']",
      ],
      [
        { ...APP_REGISTRATION, app_name: ["x"] },
        400,
        "Message format incorrect: value should be a string for dictionary value @ data['app_name']",
      ],
      [
        { ...APP_REGISTRATION, supports_encryption: "maybe" },
        400,
        "Message format incorrect: invalid boolean value maybe for dictionary value @ data['supports_encryption']",
      ],
      [
        { ...APP_REGISTRATION, app_data: "x" },
        400,
        "Message format incorrect: expected dict for dictionary value @ data['app_data']",
      ],
      [
        { ...APP_REGISTRATION, model: "m".repeat(1001) },
        400,
        "Message format incorrect: length of value must be at most 1000 for dictionary value @ data['model']",
      ],
      [
        { ...APP_REGISTRATION, app_data: { x: "y".repeat(20_000) } },
        413,
        "Data should be at most 16384 bytes.",
      ],
      [`${"[".repeat(50)}${"]".repeat(50)}`, 400, "Invalid JSON."],
    ];
    const before = row()?.webhook_hash;
    for (const [body, status, message] of cases) {
      const answer = await registerApp(fx.server.url, token, body);
      expect([body, answer.status, json(answer)]).toEqual([body, status, { message }]);
    }
    expect(row()?.webhook_hash).toBe(before);
    expect(await registerApp(fx.server.url, "nope")).toMatchObject({
      status: 401,
      text: "401: Unauthorized",
    });
    const get = await fetch(`${fx.server.url}/api/mobile_app/registrations`);
    expect([get.status, get.headers.get("allow"), await get.text()]).toEqual([
      405,
      "POST",
      "405: Method Not Allowed",
    ]);
  });

  it("takes HA's lenient values (numbers as text, yes/no words) and drops keys it does not know", async () => {
    const answer = await registerApp(fx.server.url, token, {
      ...APP_REGISTRATION,
      app_version: 2026,
      supports_encryption: "no",
      future_field: { anything: true },
      os_version: undefined,
    });
    expect(answer.status).toBe(201);
    const stored = JSON.parse(row()?.registration ?? "{}") as Record<string, unknown>;
    expect(stored).toMatchObject({ app_version: "2026", os_version: null });
    expect(stored).not.toHaveProperty("future_field");
  });

  it("goes with its device: a revoked device's webhook is answered as an unknown one", async () => {
    const other = await pairDevice(fx.server.url, { areas: ["kitchen"] }, "Ben's phone");
    const webhookId = await webhookIdOf(fx.server.url, other.token);
    expect(json(await sendWebhook(fx.server.url, webhookId, { type: "get_config" }))).toHaveProperty(
      "components",
    );
    expect(
      (await adminFetch(fx.server.url, `/devices/${other.device.id}`, { method: "DELETE" })).status,
    ).toBe(204);
    const after = await sendWebhook(fx.server.url, webhookId, { type: "get_config" });
    expect(after).toEqual({ status: 200, type: null, text: "", retryAfter: null });
    const left = fx.server.db
      .prepare("SELECT COUNT(*) AS n FROM mobile_app_registrations WHERE device_id = ?")
      .get(other.device.id);
    expect(left).toEqual({ n: 0 });
  });
});
