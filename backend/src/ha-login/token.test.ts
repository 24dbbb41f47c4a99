import { HaTokenResponseSchema, MAX_ACCESS_TOKENS_PER_DEVICE } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoHomeAssistant } from "../simulator/index.js";
import {
  authorizeThroughPairing,
  exchange,
  type LoginClient,
  pageClient,
  postForm,
} from "../test-support/ha-login.js";
import { startTestServer, type TestServer } from "../test-support/harness.js";
import { pairDevice } from "../test-support/pairing.js";

/**
 * `/auth/token` refusing what HA refuses, in HA's words and statuses (components/auth/__init__.py
 * TokenView): replayed, foreign and expired codes, foreign and unknown refresh tokens, an inactive
 * device, and the access-token limit (token-bounds.test.ts has bodies, CORS and the throttle).
 */
let ha: DemoHomeAssistant;
let server: TestServer;
let client: LoginClient;
let offset = 0;
const KITCHEN = { areas: ["kitchen"], access: "read" as const };

beforeAll(async () => {
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
  await server.close();
  await ha.stop();
});

/** A refresh as hajs posts it; `clientId: null` as a client paired without HA's login. */
const refresh = (refreshToken: string, clientId: string | null = client.clientId, headers = {}) =>
  postForm(
    server.url,
    "/auth/token",
    {
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      ...(clientId ? { client_id: clientId } : {}),
    },
    headers,
  );

async function tokensFor(approve: object = {}) {
  const { code, device } = await authorizeThroughPairing(server.url, client, KITCHEN, "Wall tablet", approve);
  const res = await exchange(server.url, client, code);
  expect(res.status).toBe(200);
  return { device, tokens: HaTokenResponseSchema.parse(await res.json()) };
}

describe("the code exchange", () => {
  it("refuses a replayed code as HA does, and the first exchange stands", async () => {
    const { code } = await authorizeThroughPairing(server.url, client, KITCHEN);
    expect((await exchange(server.url, client, code)).status).toBe(200);
    const replay = await exchange(server.url, client, code);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({ error: "invalid_request", error_description: "Invalid code" });
  });

  it("spends a code presented by another client, and its never-collected device goes", async () => {
    const { code, device } = await authorizeThroughPairing(server.url, client, KITCHEN);
    const other = { ...client, clientId: "http://other.example/" };
    expect(await (await exchange(server.url, other, code)).json()).toEqual({
      error: "invalid_request",
      error_description: "Invalid code",
    });
    expect(server.hasync.devices.view(device.id)).toBeNull();
    expect((await exchange(server.url, client, code)).status).toBe(400);
  });

  it("refuses an expired code and drops its device; sweeping drops one nobody presents", async () => {
    const first = await authorizeThroughPairing(server.url, client, KITCHEN);
    const second = await authorizeThroughPairing(server.url, client, KITCHEN);
    offset += 601_000;
    try {
      expect((await exchange(server.url, client, first.code)).status).toBe(400);
      expect(server.hasync.devices.view(first.device.id)).toBeNull();
      server.hasync.login.codes.sweep();
      expect(server.hasync.devices.view(second.device.id)).toBeNull();
    } finally {
      offset -= 601_000;
    }
  });

  it("answers a bad client_id, a missing code and a different redirect_uri in HA's words", async () => {
    const { code } = await authorizeThroughPairing(server.url, client, KITCHEN);
    const cases: Array<[Record<string, string>, string]> = [
      [{ grant_type: "authorization_code", code }, "Invalid client id"],
      [{ grant_type: "authorization_code", code, client_id: "ftp://x/" }, "Invalid client id"],
      [{ grant_type: "authorization_code", client_id: client.clientId }, "Invalid code"],
      [
        { grant_type: "authorization_code", client_id: client.clientId, code, redirect_uri: "http://x/" },
        "Invalid code",
      ],
    ];
    for (const [fields, description] of cases) {
      const res = await postForm(server.url, "/auth/token", fields);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: "invalid_request", error_description: description });
    }
    const res = await postForm(server.url, "/auth/token", { grant_type: "password" });
    expect(await res.json()).toEqual({ error: "unsupported_grant_type" });
  });

  it("logs and audits no code or token", async () => {
    const { code } = await authorizeThroughPairing(server.url, client, KITCHEN);
    const tokens = HaTokenResponseSchema.parse(await (await exchange(server.url, client, code)).json());
    await exchange(server.url, client, code);
    const audit = JSON.stringify(server.db.prepare("SELECT * FROM audit_log").all());
    for (const secret of [code, tokens.access_token, tokens.refresh_token ?? "x"]) {
      expect(audit).not.toContain(secret);
      expect(server.lines.join("\n")).not.toContain(secret);
    }
    expect(audit).toContain("login.token_refused");
  });
});

describe("the refresh grant", () => {
  it("takes an old long-lived device token as HA takes one with no client", async () => {
    const { token } = await pairDevice(server.url, KITCHEN);
    expect((await refresh(token, null)).status).toBe(200);
    const named = await refresh(token);
    expect(named.status).toBe(400);
    expect(await named.json()).toEqual({ error: "invalid_request" });
  });

  it("refuses another client's refresh, an unknown token and a missing one", async () => {
    const { tokens } = await tokensFor();
    expect(await (await refresh(tokens.refresh_token ?? "", "http://other.example/")).json()).toEqual({
      error: "invalid_request",
    });
    expect(await (await refresh(`hasync_${"x".repeat(43)}`)).json()).toEqual({ error: "invalid_grant" });
    const missing = await postForm(server.url, "/auth/token", { grant_type: "refresh_token" });
    expect(await missing.json()).toEqual({ error: "invalid_request" });
  });

  it("answers 403 access_denied for a device whose pass has ended (HA's inactive user)", async () => {
    const { tokens } = await tokensFor();
    const { tokens: ending, device } = await tokensForExpiring();
    offset += 120_000;
    try {
      const res = await refresh(ending.refresh_token ?? "");
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: "access_denied", error_description: "User is not active" });
      expect(server.hasync.devices.view(device.id)).not.toBeNull();
      expect((await refresh(tokens.refresh_token ?? "")).status).toBe(200);
    } finally {
      offset -= 120_000;
    }
  });

  it(`keeps at most ${MAX_ACCESS_TOKENS_PER_DEVICE} access tokens per device, the oldest giving way`, async () => {
    const { tokens, device } = await tokensFor();
    for (let i = 0; i < MAX_ACCESS_TOKENS_PER_DEVICE; i++) {
      expect((await refresh(tokens.refresh_token ?? "")).status).toBe(200);
    }
    expect(server.hasync.devices.authenticate(tokens.access_token, "127.0.0.1")).toBeNull();
    const rows = server.db.prepare("SELECT COUNT(*) AS n FROM device_access_tokens WHERE device_id = ?");
    expect(rows.get(device.id)).toEqual({ n: MAX_ACCESS_TOKENS_PER_DEVICE });
  });
});

async function tokensForExpiring() {
  const expires_at = new Date(Date.now() + offset + 60_000).toISOString();
  return tokensFor({ expires_at });
}
