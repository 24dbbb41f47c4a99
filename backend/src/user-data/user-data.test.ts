import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { USER_DATA_LIMITS } from "./limits.js";

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

type Msg = Record<string, unknown>;
const sockets: RawHaClient[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

/** A socket with its own id counter, so each test reads as a conversation. */
async function open(url: string, token: string) {
  const client = await RawHaClient.authenticated(url, token);
  sockets.push(client);
  let next = 1;
  return {
    client,
    async ask(message: Msg): Promise<Msg> {
      const id = next++;
      client.send({ id, ...message });
      return client.reply(id);
    },
    /** Subscribes and returns the id, the first event and the result (HA sends the event first). */
    async subscribe(message: Msg) {
      const id = next++;
      client.send({ id, ...message });
      const first = await client.waitFor((m) => m.id === id);
      const reply = await client.reply(id);
      return { id, first, reply };
    },
    nextEvent: (id: number) => client.waitFor((m) => m.id === id && m.type === "event"),
    /** Everything sent to this socket before now has arrived once this resolves. */
    async settle(): Promise<void> {
      await this.ask({ type: "ping" });
    },
  };
}

/** One conversation, replayed against the simulator and through HAsync. */
async function conversation(url: string, token: string): Promise<Msg[]> {
  const s = await open(url, token);
  const out: Msg[] = [];
  for (const message of [
    { type: "frontend/get_user_data" },
    { type: "frontend/get_user_data", key: "sidebar" },
    { type: "frontend/set_user_data", key: "sidebar", value: { panelOrder: ["energy"], hiddenPanels: [] } },
    { type: "frontend/set_user_data", key: "language", value: { language: "nl", number_format: "language" } },
    { type: "frontend/set_user_data", key: "cleared", value: null },
    { type: "frontend/get_user_data", key: "sidebar" },
    { type: "frontend/get_user_data", key: "never" },
    { type: "frontend/get_user_data" },
    { type: "frontend/get_system_data", key: "core" },
    { type: "frontend/set_user_data", key: "x" },
    { type: "frontend/set_user_data", key: 7, value: 1 },
    { type: "frontend/get_system_data" },
  ]) {
    const reply = await s.ask(message);
    out.push({ success: reply.success, result: reply.result, code: (reply.error as Msg | undefined)?.code });
  }
  s.client.close();
  return out;
}

describe("frontend user data through HAsync", () => {
  it("answers exactly as HA does, stored by HAsync and never sent to HA", async () => {
    const direct = await conversation(fx.ha.url, fx.ha.token);
    const { token } = await fx.pair({ areas: ["kitchen"] }, "Dashboard");
    expect(await conversation(fx.url, token)).toEqual(direct);
    expect(direct[7]?.result).toEqual({
      value: {
        sidebar: { panelOrder: ["energy"], hiddenPanels: [] },
        language: { language: "nl", number_format: "language" },
        cleared: null,
      },
    });
    // HA's own store was not touched by the device's writes: a fresh key there is still unset.
    const ha = await open(fx.ha.url, fx.ha.token);
    const { token: other } = await fx.pair({ areas: ["kitchen"] }, "Other");
    const through = await open(fx.url, other);
    await through.ask({ type: "frontend/set_user_data", key: "only_at_hasync", value: 1 });
    expect((await ha.ask({ type: "frontend/get_user_data", key: "only_at_hasync" })).result).toEqual({
      value: null,
    });
  });

  it("runs a subscription exactly as HA does: first event before the result, then one per write", async () => {
    const flow = async (url: string, token: string) => {
      const watcher = await open(url, token);
      const writer = await open(url, token);
      watcher.client.send({ id: 1, type: "frontend/subscribe_user_data", key: "flow" });
      await watcher.client.reply(1);
      await writer.ask({ type: "frontend/set_user_data", key: "other", value: 1 });
      await writer.ask({ type: "frontend/set_user_data", key: "flow", value: { step: 1 } });
      await writer.ask({ type: "frontend/set_user_data", key: "flow", value: [2] });
      await watcher.settle();
      watcher.client.close();
      writer.client.close();
      return watcher.client.frames.slice(2).map((f) => JSON.parse(f) as Msg);
    };
    const direct = await flow(fx.ha.url, fx.ha.token);
    const { token } = await fx.pair({ areas: ["kitchen"] }, "Flow");
    expect(await flow(fx.url, token)).toEqual(direct);
    expect(direct.slice(0, 4)).toEqual([
      { id: 1, type: "event", event: { value: null } },
      { id: 1, type: "result", success: true, result: null },
      { id: 1, type: "event", event: { value: { step: 1 } } },
      { id: 1, type: "event", event: { value: [2] } },
    ]);
  });

  it("keeps each device's data to itself and tells all of that device's sockets, first event first", async () => {
    const a = await fx.pair({ areas: ["kitchen"] }, "Tablet A");
    const b = await fx.pair({ areas: ["kitchen"] }, "Tablet B");
    const writer = await open(fx.url, a.token);
    const reader = await open(fx.url, a.token);
    const stranger = await open(fx.url, b.token);

    const theme = await reader.subscribe({ type: "frontend/subscribe_user_data", key: "theme" });
    expect(theme.first).toMatchObject({ type: "event", event: { value: null } });
    expect(theme.reply).toMatchObject({ success: true, result: null });
    const all = await reader.subscribe({ type: "frontend/subscribe_user_data" });
    expect(all.first).toMatchObject({ type: "event", event: { value: {} } });
    const theirs = await stranger.subscribe({ type: "frontend/subscribe_user_data" });

    expect(
      (await writer.ask({ type: "frontend/set_user_data", key: "theme", value: { theme: "dark" } })).success,
    ).toBe(true);
    expect((await reader.nextEvent(theme.id)).event).toEqual({ value: { theme: "dark" } });
    expect((await reader.nextEvent(all.id)).event).toEqual({ value: { theme: { theme: "dark" } } });
    await writer.ask({ type: "frontend/set_user_data", key: "sidebar", value: {} });
    expect((await reader.nextEvent(all.id)).event).toEqual({
      value: { theme: { theme: "dark" }, sidebar: {} },
    });

    // The other device saw nothing and reads nothing of it.
    await stranger.settle();
    expect(stranger.client.frames.filter((f) => f.includes(`"id":${theirs.id},"type":"event"`))).toHaveLength(
      1,
    );
    expect((await stranger.ask({ type: "frontend/get_user_data", key: "theme" })).result).toEqual({
      value: null,
    });

    // unsubscribe_events ends it: the next write reaches only the remaining subscription.
    expect((await reader.ask({ type: "unsubscribe_events", subscription: theme.id })).success).toBe(true);
    await writer.ask({ type: "frontend/set_user_data", key: "theme", value: { theme: "light" } });
    expect((await reader.nextEvent(all.id)).event).toMatchObject({ value: { theme: { theme: "light" } } });
    await reader.settle();
    expect(reader.client.frames.filter((f) => f.includes(`"id":${theme.id},"type":"event"`))).toHaveLength(2);
  });

  it("frees a subscription's listener on unsubscribe and on socket close", async () => {
    const { token } = await fx.pair({ areas: ["kitchen"] }, "Short-lived");
    const userData = fx.server.hasync.devices.userData as unknown as { listenerCount: number };
    const before = userData.listenerCount;
    const s = await open(fx.url, token);
    const one = await s.subscribe({ type: "frontend/subscribe_user_data", key: "a" });
    await s.subscribe({ type: "frontend/subscribe_user_data" });
    expect(userData.listenerCount).toBe(before + 2);
    await s.ask({ type: "unsubscribe_events", subscription: one.id });
    expect(userData.listenerCount).toBe(before + 1);
    s.client.close();
    await s.client.closed;
    await waitFor(() => userData.listenerCount === before, 10_000, "listeners freed");
  });

  it("refuses values, keys and totals beyond the bounds in HA's error shape, keeping what was stored", async () => {
    const { token } = await fx.pair({ areas: ["kitchen"] }, "Greedy");
    const s = await open(fx.url, token);
    await s.ask({ type: "frontend/set_user_data", key: "big", value: "small" });
    const tooBig = await s.ask({
      type: "frontend/set_user_data",
      key: "big",
      value: "x".repeat(USER_DATA_LIMITS.maxValueBytes),
    });
    expect(tooBig).toMatchObject({
      success: false,
      error: { code: "not_allowed", message: "User data value too large (limit 32 kB per key)." },
    });
    const longKey = await s.ask({ type: "frontend/set_user_data", key: "k".repeat(300), value: 1 });
    expect(longKey).toMatchObject({ success: false, error: { code: "not_allowed" } });
    expect((await s.ask({ type: "frontend/get_user_data", key: "big" })).result).toEqual({ value: "small" });

    // Fill up to the key bound, then one more key is refused but replacing one still works.
    for (let i = 1; i < USER_DATA_LIMITS.maxKeys; i++) {
      expect((await s.ask({ type: "frontend/set_user_data", key: `k${i}`, value: i })).success).toBe(true);
    }
    const oneMore = await s.ask({ type: "frontend/set_user_data", key: "extra", value: 1 });
    expect(oneMore).toMatchObject({
      success: false,
      error: { code: "not_allowed", message: `Too many user data keys (limit ${USER_DATA_LIMITS.maxKeys}).` },
    });
    expect((await s.ask({ type: "frontend/set_user_data", key: "k1", value: "again" })).success).toBe(true);
  });

  it("refuses more bytes than a device may hold in total", async () => {
    const { token } = await fx.pair({ areas: ["kitchen"] }, "Hoarder");
    const s = await open(fx.url, token);
    const chunk = "y".repeat(USER_DATA_LIMITS.maxValueBytes - 100);
    const fits = Math.floor(USER_DATA_LIMITS.maxTotalBytes / USER_DATA_LIMITS.maxValueBytes);
    for (let i = 0; i < fits; i++) {
      expect((await s.ask({ type: "frontend/set_user_data", key: `c${i}`, value: chunk })).success).toBe(
        true,
      );
    }
    const over = await s.ask({ type: "frontend/set_user_data", key: "last", value: chunk });
    expect(over).toMatchObject({
      success: false,
      error: { code: "not_allowed", message: "User data full (limit 256 kB per device)." },
    });
  });

  it("answers system data as HA answers an unset key, and refuses writing it as HA refuses a non-admin", async () => {
    const { token, device } = await fx.pair({ areas: ["kitchen"] }, "Admin-looking");
    await fx.admin(`/devices/${device.id}`, {
      method: "PATCH",
      body: JSON.stringify({ presents_as_admin: true }),
    });
    const s = await open(fx.url, token);
    expect((await s.ask({ type: "frontend/get_system_data", key: "core" })).result).toEqual({ value: null });
    const sub = await s.subscribe({ type: "frontend/subscribe_system_data", key: "core" });
    expect(sub.first).toMatchObject({ type: "event", event: { value: null } });
    const write = await s.ask({
      type: "frontend/set_system_data",
      key: "core",
      value: { default_panel: "x" },
    });
    expect(write).toMatchObject({ success: false, error: { code: "unauthorized", message: "Unauthorized" } });
  });

  it("deletes a device's data with the device", async () => {
    const { token, device } = await fx.pair({ areas: ["kitchen"] }, "Leaving");
    const s = await open(fx.url, token);
    await s.ask({ type: "frontend/set_user_data", key: "theme", value: { theme: "dark" } });
    const rows = () =>
      (
        fx.server.hasync.db
          .prepare("SELECT COUNT(*) AS n FROM user_data WHERE device_id = ?")
          .get(device.id) as {
          n: number;
        }
      ).n;
    expect(rows()).toBe(1);
    expect((await fx.admin(`/devices/${device.id}`, { method: "DELETE" })).status).toBe(204);
    expect(rows()).toBe(0);
  });
});

describe("user data subscriptions count against the socket's bound", () => {
  it("refuses one more than maxSubscriptions with the gateway's error, as for any subscription", async () => {
    const small = await startGatewayFixture({ limits: { maxSubscriptions: 2 } });
    try {
      const { token } = await small.pair({ areas: ["kitchen"] }, "Bounded");
      const s = await open(small.url, token);
      await s.subscribe({ type: "frontend/subscribe_user_data", key: "a" });
      await s.subscribe({ type: "frontend/subscribe_system_data", key: "core" });
      const third = await s.ask({ type: "frontend/subscribe_user_data" });
      expect(third).toMatchObject({ success: false, error: { code: "not_allowed" } });
    } finally {
      await small.close();
    }
  });
});
