import { type Device, ScreenSessionSchema, ScreenTicketSchema } from "hasync";
import {
  type Connection,
  createConnection,
  createLongLivedTokenAuth,
  ERR_INVALID_AUTH,
  getStates,
} from "home-assistant-js-websocket";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { DemoHomeAssistant } from "../simulator/index.js";
import { startTestServer, type TestServer } from "../test-support/harness.js";
import { adminFetch, adminPost } from "../test-support/pairing.js";
import { ScreenBrowser } from "../test-support/screen.js";
import { SCREEN_COOKIE, SCREEN_PAIRING_COOKIE } from "./cookies.js";

/**
 * The whole screen flow through the real HAsync (SQLite, pairing, gateway) with the simulator as
 * Home Assistant: a browser pairs itself, the admin approves, the browser trades its cookie for
 * tickets and uses home-assistant-js-websocket unchanged. The clock runs with real time plus an
 * offset a test may move forward (ticket and pass expiry), so the HA link behaves as usual.
 */
let ha: DemoHomeAssistant;
let server: TestServer;
let offset = 0;
const open: Connection[] = [];
const KITCHEN = { areas: ["kitchen"], access: "control" as const };

beforeAll(async () => {
  vi.stubGlobal("WebSocket", WebSocket);
  ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0 });
  await ha.start();
  server = await startTestServer({
    env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    now: () => Date.now() + offset,
  });
  if (!(await server.hasync.ha.waitUntilSynced(5000))) throw new Error("HAsync did not sync");
});
afterAll(async () => {
  for (const conn of open) conn.close();
  await server.close();
  await ha.stop();
  vi.unstubAllGlobals();
});

async function connect(ticket: string): Promise<Connection> {
  const conn = await createConnection({ auth: createLongLivedTokenAuth(server.url, ticket) });
  open.push(conn);
  return conn;
}

/** A browser paired with `scope` (approved through the admin API), its session collected. */
async function pairedScreen(
  scope: object,
  extra: object = {},
): Promise<{ browser: ScreenBrowser; device: Device }> {
  const browser = new ScreenBrowser(server.url);
  const pairing = await browser.pair();
  const approve = await adminPost(server.url, "/pairing/approve", {
    user_code: pairing.user_code,
    scope,
    ...extra,
  });
  expect(approve.status).toBe(201);
  expect((await browser.post("/pairing/collect")).status).toBe(200);
  return { browser, device: (await approve.json()) as Device };
}

async function ticketOf(browser: ScreenBrowser): Promise<string> {
  const res = await browser.post("/ticket");
  expect(res.status).toBe(200);
  return ScreenTicketSchema.parse(await res.json()).ticket;
}

describe("a screen pairs itself", () => {
  it("pairs, hears the approval live, collects at once into an HttpOnly cookie, and reads its scope over HA's WebSocket API", async () => {
    const browser = new ScreenBrowser(server.url);
    const pairing = await browser.pair("Hall tablet");
    expect(pairing.approve_url).toBe(`${server.url}/admin/pair?code=${pairing.user_code}`);
    const pairingCookie = browser.cookies.get(SCREEN_PAIRING_COOKIE);
    expect(pairingCookie?.attributes).toEqual(
      expect.arrayContaining(["Max-Age=600", "Path=/api/v1/screen/pairing", "HttpOnly", "SameSite=Strict"]),
    );

    const events = await browser.events();
    expect(events.status).toBe(200);
    expect(events.res.headers.get("content-type")).toContain("text/event-stream");
    expect(await events.next()).toEqual({ status: "pending" });
    // Collecting before the decision says so, and does not make the next collect wait (no slow_down).
    expect((await browser.post("/pairing/collect")).status).toBe(409);

    const approve = await adminPost(server.url, "/pairing/approve", {
      user_code: pairing.user_code,
      scope: KITCHEN,
    });
    expect(approve.status).toBe(201);
    expect(await events.next()).toEqual({ status: "approved" });
    expect(await events.next()).toBe("end");

    const collect = await browser.post("/pairing/collect");
    expect(collect.status).toBe(200);
    const text = await collect.text();
    expect(text).not.toMatch(/hasync_[A-Za-z0-9_-]{43}/);
    const session = ScreenSessionSchema.parse(JSON.parse(text));
    expect(session).toMatchObject({
      pass: "open",
      device: { name: "Hall tablet", access: "control", guest: false },
    });
    const cookie = browser.cookies.get(SCREEN_COOKIE);
    expect(cookie?.value).toMatch(/^hasync_[A-Za-z0-9_-]{43}$/);
    expect(cookie?.attributes).toEqual(
      expect.arrayContaining(["Path=/api/v1/screen", "HttpOnly", "SameSite=Strict"]),
    );
    expect(cookie?.attributes.some((a) => a === "Secure")).toBe(false);
    expect(browser.cookies.has(SCREEN_PAIRING_COOKIE)).toBe(false);

    const ticket = await ticketOf(browser);
    expect(ticket).toMatch(/^hst_[A-Za-z0-9_-]{43}$/);
    const conn = await connect(ticket);
    const seen = (await getStates(conn)).map((s) => s.entity_id).sort();
    const deviceId = session.device.id;
    expect(seen).toEqual([...server.hasync.devices.entitiesOf(deviceId)].sort());
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((id) => server.hasync.devices.canSee(deviceId, id))).toBe(true);
    const log = server.lines.join("\n");
    expect(log).not.toContain(ticket);
    expect(log).not.toContain(cookie?.value ?? "-");
  });

  it("cancels a pairing: gone from the admin's list, the cookie cleared", async () => {
    const browser = new ScreenBrowser(server.url);
    const { user_code } = await browser.pair("Changed my mind");
    const res = await browser.request("DELETE", "/pairing");
    expect(res.status).toBe(204);
    expect(browser.cookies.has(SCREEN_PAIRING_COOKIE)).toBe(false);
    const list = (await (await adminFetch(server.url, "/pairing")).json()) as {
      pending: { user_code: string }[];
    };
    expect(list.pending.map((p) => p.user_code)).not.toContain(user_code);
  });

  it("tells a denied screen so, on the stream and at collect", async () => {
    const browser = new ScreenBrowser(server.url);
    const { user_code } = await browser.pair();
    const events = await browser.events();
    expect(await events.next()).toEqual({ status: "pending" });
    expect((await adminPost(server.url, "/pairing/deny", { user_code })).status).toBe(204);
    expect(await events.next()).toEqual({ status: "denied" });
    expect(await events.next()).toBe("end");
    const collect = await browser.post("/pairing/collect");
    expect(collect.status).toBe(403);
    expect(((await collect.json()) as { error: { code: string } }).error.code).toBe("access_denied");
  });
});

describe("the screen address", () => {
  it("is the host the admin uses for Home Assistant with HAsync's LAN port, from the sidebar", async () => {
    const sidebar = await adminFetch(server.url, "/screen-address", {
      headers: { "x-forwarded-host": "homeassistant.local:8123" },
    });
    expect(await sidebar.json()).toEqual({ url: `http://homeassistant.local:${server.port}/` });
  });
});

describe("tickets", () => {
  it("are accepted once: a replayed ticket gets auth_invalid", async () => {
    const { browser } = await pairedScreen(KITCHEN);
    const ticket = await ticketOf(browser);
    await connect(ticket);
    await expect(connect(ticket)).rejects.toBe(ERR_INVALID_AUTH);
  });

  it("are worthless 30 s later", async () => {
    const { browser } = await pairedScreen(KITCHEN);
    const ticket = await ticketOf(browser);
    offset += 31_000;
    await expect(connect(ticket)).rejects.toBe(ERR_INVALID_AUTH);
  });

  it("keep at most 8 per device: a ninth retires the oldest", async () => {
    const { browser } = await pairedScreen(KITCHEN);
    const tickets: string[] = [];
    for (let i = 0; i < 9; i++) tickets.push(await ticketOf(browser));
    await expect(connect(tickets[0] ?? "")).rejects.toBe(ERR_INVALID_AUTH);
    await connect(tickets[8] ?? "");
  });

  it("are never accepted as a REST bearer token", async () => {
    const { browser } = await pairedScreen(KITCHEN);
    const ticket = await ticketOf(browser);
    const res = await fetch(`${server.url}/api/states`, { headers: { authorization: `Bearer ${ticket}` } });
    expect(res.status).toBe(401);
  });
});

describe("the session ends", () => {
  it("on revoke: the open socket closes and /ticket answers 401 no_session, clearing the cookie", async () => {
    const { browser, device } = await pairedScreen(KITCHEN);
    const conn = await connect(await ticketOf(browser));
    const closed = new Promise((resolve) => conn.addEventListener("disconnected", resolve));
    expect((await adminFetch(server.url, `/devices/${device.id}`, { method: "DELETE" })).status).toBe(204);
    await closed;
    const res = await browser.post("/ticket");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("no_session");
    expect(browser.cookies.has(SCREEN_COOKIE)).toBe(false);
  });

  it("on 'Unpair this screen': the device is revoked, audited with the device as actor", async () => {
    const { browser, device } = await pairedScreen(KITCHEN);
    expect((await browser.post("/signout")).status).toBe(204);
    expect(browser.cookies.has(SCREEN_COOKIE)).toBe(false);
    expect(server.hasync.devices.view(device.id)).toBeNull();
    const entry = server.db
      .prepare<[], { actor: string }>(
        "SELECT actor FROM audit_log WHERE type = 'device.revoked' ORDER BY id DESC LIMIT 1",
      )
      .get();
    expect(entry?.actor).toBe(device.id);
  });

  it("outside a closed pass's hours: the session says closed and when it opens, /ticket answers 403 pass_closed", async () => {
    const days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    // Three days from today in UTC is not today in any time zone.
    const day = days[(new Date(Date.now() + offset).getUTCDay() + 2) % 7];
    const { browser, device } = await pairedScreen(KITCHEN);
    const hours = { windows: [{ day, from: "09:00", to: "10:00" }], outside: "closed" };
    const patch = await adminFetch(server.url, `/devices/${device.id}`, {
      method: "PATCH",
      body: JSON.stringify({ hours }),
    });
    expect(patch.status).toBe(200);
    const session = ScreenSessionSchema.parse(await (await browser.get("/session")).json());
    expect(session.pass).toBe("closed");
    expect(session.pass_changes_at).not.toBeNull();
    const res = await browser.post("/ticket");
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      error: { code: "pass_closed", opens_at: session.pass_changes_at },
    });
  });

  it("with the pass's expiry: 410 pass_ended on /session and /ticket, the cookie kept", async () => {
    const expires = new Date(Date.now() + offset + 3_600_000).toISOString();
    const { browser } = await pairedScreen(KITCHEN, { expires_at: expires });
    const session = ScreenSessionSchema.parse(await (await browser.get("/session")).json());
    expect(session.pass_changes_at).toBe(expires);
    // A week past the pass's end: a real browser drops the cookie at Max-Age, and without it the
    // screen could not be told "pass_ended" below (it would read as never paired).
    const maxAge = browser.cookies.get(SCREEN_COOKIE)?.attributes.find((a) => a.startsWith("Max-Age="));
    const pastTheEnd = Number(maxAge?.slice("Max-Age=".length)) - 3600;
    expect(pastTheEnd).toBeGreaterThan(7 * 24 * 3600 - 100);
    expect(pastTheEnd).toBeLessThanOrEqual(7 * 24 * 3600);
    offset += 2 * 3_600_000;
    for (const res of [await browser.get("/session"), await browser.post("/ticket")]) {
      expect(res.status).toBe(410);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("pass_ended");
    }
    expect(browser.cookies.has(SCREEN_COOKIE)).toBe(true);
  });
});
