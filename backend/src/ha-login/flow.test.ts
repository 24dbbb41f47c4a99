import { HaTokenResponseSchema, ScreenAuthorizeInfoSchema } from "hasync";
import {
  type Connection,
  createConnection,
  createLongLivedTokenAuth,
  ERR_INVALID_AUTH,
  getAuth,
  getStates,
} from "home-assistant-js-websocket";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { SCREEN_PAIRING_COOKIE } from "../screen/cookies.js";
import { DemoHomeAssistant } from "../simulator/index.js";
import {
  authorizeThroughPairing,
  exchange,
  type LoginClient,
  pageClient,
  postForm,
} from "../test-support/ha-login.js";
import { startTestServer, type TestServer } from "../test-support/harness.js";
import { adminFetch, adminPost, pollToken } from "../test-support/pairing.js";
import { ScreenBrowser } from "../test-support/screen.js";
import { ACCESS_TOKEN_PREFIX } from "./access-tokens.js";

/**
 * HA's login flow end to end through the real HAsync (SQLite, pairing, gateway) with the simulator
 * as Home Assistant: the authorize page's pairing, the admin's approval, the code exchange as
 * home-assistant-js-websocket posts it, the scope over HA's WebSocket API with the access token,
 * refresh, and revocation. The clock is real time plus an offset a test moves forward.
 */
let ha: DemoHomeAssistant;
let server: TestServer;
let client: LoginClient;
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
  client = pageClient(server.url);
  if (!(await server.hasync.ha.waitUntilSynced(5000))) throw new Error("HAsync did not sync");
});
afterAll(async () => {
  for (const conn of open) conn.close();
  await server.close();
  await ha.stop();
  vi.unstubAllGlobals();
});

async function connect(token: string): Promise<Connection> {
  const conn = await createConnection({ auth: createLongLivedTokenAuth(server.url, token) });
  open.push(conn);
  return conn;
}

async function signedIn(name = "Wall tablet") {
  const { code, device } = await authorizeThroughPairing(server.url, client, KITCHEN, name);
  const res = await exchange(server.url, client, code);
  expect(res.status).toBe(200);
  return { device, tokens: HaTokenResponseSchema.parse(await res.json()), res };
}

describe("HA's login flow through HAsync's pairing", () => {
  it("tells the authorize page who is signing in", async () => {
    const query = new URLSearchParams({ client_id: client.clientId, redirect_uri: client.redirectUri });
    const res = await new ScreenBrowser(server.url).get(`/authorize?${query}`);
    expect(res.status).toBe(200);
    expect(ScreenAuthorizeInfoSchema.parse(await res.json())).toEqual({
      client_id: client.clientId,
      redirect_uri: client.redirectUri,
      client_name: new URL(client.clientId).host,
      ha_app: false,
    });
  });

  it("pairs, trades the code for HA's tokens, and the access token reads exactly the scope over WebSocket", async () => {
    const { device, tokens, res } = await signedIn();
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("pragma")).toBe("no-cache");
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 1800, ha_auth_provider: "hasync" });
    expect(tokens.access_token.startsWith(ACCESS_TOKEN_PREFIX)).toBe(true);
    expect(tokens.refresh_token?.startsWith("hasync_")).toBe(true);
    const view = await adminFetch(server.url, `/devices/${device.id}`);
    expect(((await view.json()) as { client_id: string }).client_id).toBe(client.clientId);

    const states = await getStates(await connect(tokens.access_token));
    const scope = server.hasync.devices.entitiesOf(device.id);
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states.map((s) => s.entity_id))).toEqual(new Set(scope));

    const rest = await fetch(`${server.url}/api/states`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as unknown[]).length).toBe(scope.size);
  });

  it("sets no screen cookie at collect and mints no device token until the exchange", async () => {
    const { code, device, browser } = await authorizeThroughPairing(server.url, client, KITCHEN);
    expect([...browser.cookies.keys()]).toEqual([]);
    const row = server.db.prepare("SELECT token_hash FROM devices WHERE id = ?").get(device.id);
    expect(row).toEqual({ token_hash: null });
    expect((await exchange(server.url, client, code)).status).toBe(200);
  });

  it("never hands a device token for a login client's pairing to RFC 8628's poll", async () => {
    const browser = new ScreenBrowser(server.url);
    const authorize = { client_id: client.clientId, redirect_uri: client.redirectUri };
    const started = await browser.post("/pairing", { name: "Polled", authorize });
    const { user_code } = (await started.json()) as { user_code: string };
    // The admin is told which client the device signs in to before approving it.
    const listed = (await (await adminFetch(server.url, "/pairing")).json()) as {
      pending: { user_code: string; client_id: string | null }[];
    };
    expect(listed.pending.find((p) => p.user_code === user_code)?.client_id).toBe(client.clientId);
    expect((await adminPost(server.url, "/pairing/approve", { user_code, scope: KITCHEN })).status).toBe(201);
    const poll = await pollToken(server.url, browser.cookies.get(SCREEN_PAIRING_COOKIE)?.value ?? "");
    expect(poll.status).toBe(400);
    expect(await poll.json()).toMatchObject({ error: "invalid_grant" });
    expect((await browser.post("/pairing/collect")).status).toBe(200);
  });

  it("refreshes with the refresh token, and an expired access token is HA's auth_invalid and 401", async () => {
    const { tokens } = await signedIn();
    offset += 1801_000;
    try {
      await expect(connect(tokens.access_token)).rejects.toBe(ERR_INVALID_AUTH);
      const rest = await fetch(`${server.url}/api/`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(rest.status).toBe(401);
      const refreshed = await postForm(server.url, "/auth/token", {
        client_id: client.clientId,
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token ?? "",
      });
      expect(refreshed.status).toBe(200);
      const fresh = HaTokenResponseSchema.parse(await refreshed.json());
      expect(fresh).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 1800 });
      expect((await getStates(await connect(fresh.access_token))).length).toBeGreaterThan(0);
    } finally {
      offset -= 1801_000;
    }
  });

  it("revoking at /auth/revoke unpairs the device: refresh and every access token end, sockets close", async () => {
    const { device, tokens } = await signedIn();
    const second = await postForm(server.url, "/auth/token", {
      client_id: client.clientId,
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token ?? "",
    });
    const other = HaTokenResponseSchema.parse(await second.json()).access_token;
    const conn = await connect(other);
    const closed = new Promise<void>((resolve) => conn.addEventListener("disconnected", () => resolve()));
    conn.suspendReconnectUntil(new Promise(() => {}));

    const revoke = await postForm(server.url, "/auth/revoke", { token: tokens.refresh_token ?? "" });
    expect(revoke.status).toBe(200);
    expect(await revoke.text()).toBe("");
    await closed;
    expect(server.hasync.devices.view(device.id)).toBeNull();
    for (const token of [tokens.access_token, other]) {
      expect(server.hasync.devices.authenticate(token, "127.0.0.1")).toBeNull();
    }
    const count = server.db
      .prepare("SELECT COUNT(*) AS n FROM device_access_tokens WHERE device_id = ?")
      .get(device.id);
    expect(count).toEqual({ n: 0 });
    const refresh = await postForm(server.url, "/auth/token", {
      client_id: client.clientId,
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token ?? "",
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toEqual({ error: "invalid_grant" });
    const audit = server.db.prepare("SELECT type FROM audit_log WHERE type LIKE 'login.%'").all();
    expect(audit).toContainEqual({ type: "login.revoked" });
  });

  it("revokes with action=revoke on /auth/token too, answering 200 for any token as HA does", async () => {
    const { device, tokens } = await signedIn();
    for (const token of ["nonsense", tokens.access_token]) {
      const res = await postForm(server.url, "/auth/token", { token, action: "revoke" });
      expect(res.status).toBe(200);
    }
    expect(server.hasync.devices.view(device.id)).not.toBeNull();
    const res = await postForm(server.url, "/auth/token", {
      token: tokens.refresh_token ?? "",
      action: "revoke",
    });
    expect(res.status).toBe(200);
    expect(server.hasync.devices.view(device.id)).toBeNull();
  });

  it("home-assistant-js-websocket's getAuth() trades the code, connects, refreshes past an expiry and revokes", async () => {
    const { code, device } = await authorizeThroughPairing(server.url, client, KITCHEN, "hajs page");
    const auth = await getAuth({ hassUrl: server.url, clientId: client.clientId, authCode: code });
    expect((await getStates(await connect(auth.accessToken))).length).toBeGreaterThan(0);
    offset += 1801_000;
    try {
      auth.data.expires = 0;
      const conn = await createConnection({ auth });
      open.push(conn);
      expect(auth.expired).toBe(false);
      expect((await getStates(conn)).length).toBe(server.hasync.devices.entitiesOf(device.id).size);
    } finally {
      offset -= 1801_000;
    }
    await auth.revoke();
    expect(server.hasync.devices.view(device.id)).toBeNull();
  });
});
