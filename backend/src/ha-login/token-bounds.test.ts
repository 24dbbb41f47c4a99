import { HaTokenResponseSchema } from "hasync";
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

/**
 * `/auth/token`'s own bounds beside HA's rules: bodies in both of HA's form encodings and hostile
 * ones refused in HA's error shape, CORS for the client's origin only, and the throttle on failed
 * attempts (last: it locks this test's address out).
 */
let ha: DemoHomeAssistant;
let server: TestServer;
let client: LoginClient;
const KITCHEN = { areas: ["kitchen"], access: "read" as const };

beforeAll(async () => {
  ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0 });
  await ha.start();
  server = await startTestServer({
    env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
  });
  client = pageClient(server.url);
  if (!(await server.hasync.ha.waitUntilSynced(5000))) throw new Error("HAsync did not sync");
});
afterAll(async () => {
  await server.close();
  await ha.stop();
});

const refresh = (refreshToken: string, headers = {}) =>
  postForm(
    server.url,
    "/auth/token",
    { grant_type: "refresh_token", refresh_token: refreshToken, client_id: client.clientId },
    headers,
  );

async function tokensFor() {
  const { code } = await authorizeThroughPairing(server.url, client, KITCHEN);
  const res = await exchange(server.url, client, code);
  expect(res.status).toBe(200);
  return HaTokenResponseSchema.parse(await res.json());
}

describe("bodies", () => {
  it("takes form-urlencoded as well as multipart", async () => {
    const tokens = await tokensFor();
    const res = await fetch(`${server.url}/auth/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: client.clientId,
        refresh_token: tokens.refresh_token ?? "",
      }),
    });
    expect(res.status).toBe(200);
  });

  it("refuses huge, repeated, malformed and file bodies in HA's error shape, never a 5xx", async () => {
    const post = (body: string | URLSearchParams | FormData, type?: string) =>
      fetch(`${server.url}/auth/token`, {
        method: "POST",
        body,
        ...(type ? { headers: { "content-type": type } } : {}),
      });
    const huge = await post(new URLSearchParams({ grant_type: "x".repeat(100_000) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: "invalid_request" });
    const twice = await post(
      "grant_type=refresh_token&refresh_token=a&refresh_token=b",
      "application/x-www-form-urlencoded",
    );
    expect(await twice.json()).toEqual({
      error: "invalid_request",
      error_description: "Duplicate field: refresh_token",
    });
    const broken = await post("--b\r\nnonsense", "multipart/form-data; boundary=b");
    expect(broken.status).toBe(400);
    const file = new FormData();
    file.append("code", new Blob(["x"]), "code.txt");
    expect((await post(file)).status).toBe(400);
    const json = await post(JSON.stringify({ grant_type: "refresh_token" }), "application/json");
    expect(await json.json()).toEqual({ error: "unsupported_grant_type" });
    server.hasync.audit.flush();
    const reasons = server.db
      .prepare(
        "SELECT json_extract(detail, '$.reason') AS reason FROM audit_log WHERE type = 'login.token_refused'",
      )
      .all();
    expect(reasons).toEqual(
      expect.arrayContaining([
        { reason: "body too large" },
        { reason: "unreadable body" },
        { reason: "unsupported grant type" },
      ]),
    );
  });
});

describe("CORS", () => {
  it("lets only the client's own origin read the answer, and the preflight only for known clients", async () => {
    const { code } = await authorizeThroughPairing(server.url, client, KITCHEN);
    const origin = server.url;
    const ok = await postForm(
      server.url,
      "/auth/token",
      {
        client_id: client.clientId,
        code,
        grant_type: "authorization_code",
      },
      { origin },
    );
    expect(ok.headers.get("access-control-allow-origin")).toBe(origin);
    const tokens = HaTokenResponseSchema.parse(await ok.json());
    const elsewhere = await refresh(tokens.refresh_token ?? "", { origin: "http://evil.example" });
    expect(elsewhere.headers.get("access-control-allow-origin")).toBeNull();
    const unnamed = await postForm(server.url, "/auth/revoke", { token: "nothing" }, { origin });
    expect(unnamed.headers.get("access-control-allow-origin")).toBeNull();

    const preflight = (from: string) =>
      fetch(`${server.url}/auth/token`, {
        method: "OPTIONS",
        headers: { origin: from, "access-control-request-method": "POST" },
      });
    expect((await preflight(origin)).headers.get("access-control-allow-origin")).toBe(origin);
    expect((await preflight("http://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("failed attempts", () => {
  it("lock the address out after ten, in HA's error shape with Retry-After", async () => {
    const tokens = await tokensFor();
    for (let i = 0; i < 10; i++) await exchange(server.url, client, `wrong-${i}`);
    const locked = await refresh(tokens.refresh_token ?? "");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ error: "invalid_request" });
  });
});
