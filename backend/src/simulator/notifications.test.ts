import {
  type Connection,
  callService,
  createConnection,
  createLongLivedTokenAuth,
  type HassEvent,
} from "home-assistant-js-websocket";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DemoHomeAssistant } from "./index.js";
import { DEMO_PHONE_USER_ID } from "./mobile-app.js";

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

let demo: DemoHomeAssistant;
let conn: Connection;

beforeEach(async () => {
  demo = new DemoHomeAssistant({ driftIntervalMs: 0 });
  await demo.start();
  conn = await createConnection({ auth: createLongLivedTokenAuth(demo.url, demo.token) });
});

afterEach(async () => {
  conn.close();
  await demo.stop();
});

describe("persistent notifications and the companion app's answers", () => {
  it("persistent_notification.create and dismiss are answered and recorded; a missing message is refused as HA does", async () => {
    const created = (await callService(conn, "persistent_notification", "create", {
      message: "Someone wants to unlock the front door",
      title: "HAsync",
      notification_id: "hasync_confirm_1",
    })) as { context: { id: string } };
    expect(created.context.id).toMatch(/^[0-9A-Z]{26}$/);
    await callService(conn, "persistent_notification", "dismiss", { notification_id: "hasync_confirm_1" });
    expect(demo.serviceCalls.slice(-2)).toEqual([
      {
        domain: "persistent_notification",
        service: "create",
        service_data: {
          message: "Someone wants to unlock the front door",
          title: "HAsync",
          notification_id: "hasync_confirm_1",
        },
      },
      {
        domain: "persistent_notification",
        service: "dismiss",
        service_data: { notification_id: "hasync_confirm_1" },
      },
    ]);
    await expect(
      callService(conn, "persistent_notification", "create", { title: "no message" }),
    ).rejects.toMatchObject({ code: "invalid_format" });
    const services = (await conn.sendMessagePromise({ type: "get_services" })) as Record<string, object>;
    expect(Object.keys(services.persistent_notification ?? {})).toEqual(["create", "dismiss", "dismiss_all"]);
  });

  it("a tapped action reaches subscribe_events as the mobile_app webhook fires it: remote, with the phone's user", async () => {
    const events: HassEvent[] = [];
    const seen = new Promise<void>((resolve) => {
      void conn.subscribeEvents<HassEvent>((event) => {
        events.push(event);
        resolve();
      }, "mobile_app_notification_action");
    });
    // subscribeEvents resolves once HA confirmed; a tap fired before that would not be delivered.
    await conn.sendMessagePromise({ type: "ping" });
    demo.tapNotificationAction({ action: "HASYNC_ALLOW_abc", tag: "hasync-1" });
    await seen;
    expect(events[0]).toMatchObject({
      event_type: "mobile_app_notification_action",
      data: { action: "HASYNC_ALLOW_abc", tag: "hasync-1" },
      origin: "REMOTE",
      context: { user_id: DEMO_PHONE_USER_ID },
    });
  });
});
