import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hasync } from "../hasync.js";
import { parseSettings } from "../settings/settings.js";
import {
  memoryLogger,
  startSideApp,
  startTestServer,
  type TestServer,
  tempDir,
} from "../test-support/harness.js";
import { json, registerApp, sendWebhook, webhookIdOf } from "../test-support/mobile-app.js";
import { adminFetch, pairDevice } from "../test-support/pairing.js";
import { MobileApp } from "./index.js";

/**
 * The room's bounds, on a side app over the composed HAsync with a clock the test moves: unknown
 * ids per address, messages per device, the gateway's call rate; and a restart keeping the
 * registration (looked up by its hash).
 */
let server: TestServer;
let side: Awaited<ReturnType<typeof startSideApp>>;
let clock = 1_000_000;
const { log, lines } = memoryLogger();
let token: string;
let deviceId: string;

beforeAll(async () => {
  server = await startTestServer({ env: { HASYNC_INGRESS_PEER: "127.0.0.1" } });
  const { hasync } = server;
  const room = new MobileApp({
    db: hasync.db,
    devices: hasync.devices,
    mirror: hasync.ha,
    calls: hasync.gateway,
    log,
    now: () => clock,
    limits: { unknownFree: 3, unknownLockMs: 10_000, messages: { burst: 3, perSecond: 1 } },
  });
  side = await startSideApp(hasync, { rootRouters: [room.router()] });
  ({
    token,
    device: { id: deviceId },
  } = await pairDevice(server.url, { areas: ["kitchen"], access: "control" }, "Phone"));
});

afterAll(async () => {
  await side?.http.stop(100);
  await server?.close();
});

const unknownId = (n: number) => n.toString(16).padStart(64, "0");

describe("the mobile_app room's bounds", () => {
  it("answers unknown ids 200 as HA does, then 429 for a while to an address that keeps guessing", async () => {
    const webhookId = await webhookIdOf(side.url, token);
    for (let n = 1; n <= 3; n++) {
      expect(await sendWebhook(side.url, unknownId(n), { type: "get_config" })).toMatchObject({
        status: 200,
        text: "",
      });
    }
    const locked = await sendWebhook(side.url, "not-even-an-id", { type: "get_config" });
    expect(locked).toMatchObject({ status: 429, text: "429: Too Many Requests", retryAfter: "10" });
    // The app's own webhook is never held up by the guessing of others at its address.
    expect(json(await sendWebhook(side.url, webhookId, { type: "get_zones" }))).toEqual([]);
    clock += 10_001;
    expect((await sendWebhook(side.url, unknownId(9), { type: "get_config" })).status).toBe(200);
    const logged = lines.join("\n");
    expect(logged).toContain("unknown mobile_app webhook ids");
    for (const id of [webhookId, unknownId(1), "not-even-an-id"]) expect(logged).not.toContain(id);
  });

  it("bounds one device's messages, registrations included, and refills with time", async () => {
    clock += 60_000;
    const webhookId = await webhookIdOf(side.url, token);
    expect((await sendWebhook(side.url, webhookId, { type: "get_zones" })).status).toBe(200);
    expect((await sendWebhook(side.url, webhookId, { type: "get_zones" })).status).toBe(200);
    expect(await sendWebhook(side.url, webhookId, { type: "get_zones" })).toMatchObject({
      status: 429,
      retryAfter: "1",
    });
    expect((await registerApp(side.url, token)).status).toBe(429);
    clock += 1000;
    expect((await sendWebhook(side.url, webhookId, { type: "get_zones" })).status).toBe(200);
  });

  it("takes call_service from the device's own service-call rate, shared with its other APIs", async () => {
    clock += 60_000;
    const webhookId = await webhookIdOf(side.url, token);
    const patch = await adminFetch(server.url, `/devices/${deviceId}`, {
      method: "PATCH",
      body: JSON.stringify({ rate: { burst: 1, per_minute: 1 } }),
    });
    expect(patch.status).toBe(200);
    const call = {
      type: "call_service",
      data: { domain: "light", service: "turn_on", service_data: { entity_id: "light.kitchen_spots" } },
    };
    expect(await sendWebhook(side.url, webhookId, call)).toMatchObject({ status: 200, text: "{}" });
    const throttled = await sendWebhook(side.url, webhookId, call);
    expect(throttled).toMatchObject({ status: 429, text: "429: Too Many Requests" });
    expect(Number(throttled.retryAfter)).toBeGreaterThan(0);
  });
});

describe("a registration across a restart", () => {
  const dir = tempDir("hasync-mobile-app-restart-");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(): Promise<{ hasync: Hasync; url: string }> {
    const settings = parseSettings({
      HASYNC_PORT: "0",
      HASYNC_HOST: "127.0.0.1",
      HASYNC_DATA_DIR: dir,
      HASYNC_INGRESS_PEER: "127.0.0.1",
    });
    const hasync = await Hasync.create({
      settings,
      log: memoryLogger().log,
      version: "0.0.0-test",
      defaultFrontendDir: path.join(dir, "no-frontend"),
    });
    return { hasync, url: `http://127.0.0.1:${await hasync.start()}` };
  }

  it("keeps answering the app's webhook, found by the id's hash", async () => {
    const first = await run();
    const paired = await pairDevice(first.url, { areas: ["kitchen"] }, "Phone");
    const webhookId = await webhookIdOf(first.url, paired.token);
    const before = json(await sendWebhook(first.url, webhookId, { type: "get_config" }));
    await first.hasync.stop(100);

    const second = await run();
    try {
      expect(json(await sendWebhook(second.url, webhookId, { type: "get_config" }))).toEqual(before);
    } finally {
      await second.hasync.stop(100);
    }
  });
});
