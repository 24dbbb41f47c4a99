import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newDeviceToken } from "../devices/tokens.js";
import { startTestServer, type TestServer } from "../test-support/harness.js";
import { adminPost } from "../test-support/pairing.js";
import { ScreenBrowser } from "../test-support/screen.js";
import { SCREEN_COOKIE, SCREEN_PAIRING_COOKIE } from "./cookies.js";

let server: TestServer;

beforeAll(async () => {
  // A clock held still: the per-minute windows never roll over under a slow machine.
  const clock = Date.parse("2026-12-01T12:00:00Z");
  server = await startTestServer({ env: { HASYNC_INGRESS_PEER: "127.0.0.1" }, now: () => clock });
});
afterAll(() => server.close());

const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

/** A browser whose cookie jar holds exactly `cookie` (a raw `name=value`). */
function withCookie(cookie: string) {
  const browser = new ScreenBrowser(server.url);
  return (method: string, p: string, body?: unknown) => browser.request(method, p, body, { cookie });
}

/** POST /pairing from one local address (every 127.x address reaches the loopback listener). */
function pairFrom(address: string, cookie = ""): Promise<{ status: number; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}/api/v1/screen/pairing`,
      {
        method: "POST",
        localAddress: address,
        headers: { "content-type": "application/json", origin: server.url, cookie },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, setCookie: res.headers["set-cookie"] ?? [] }),
        );
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify({ name: "Tablet" }));
  });
}

describe("the screen API refuses what a browser without a session sends", () => {
  it("answers no cookie with no_session / invalid_grant, and harmless writes with 204", async () => {
    const send = withCookie("");
    for (const [method, p] of [
      ["GET", "/session"],
      ["POST", "/ticket"],
      ["GET", "/pairing/events"],
    ] as const) {
      const res = await send(method, p, method === "POST" ? {} : undefined);
      expect(res.status, p).toBe(401);
      expect(await codeOf(res), p).toBe("no_session");
    }
    const collect = await send("POST", "/pairing/collect", {});
    expect(collect.status).toBe(401);
    expect(await codeOf(collect)).toBe("invalid_grant");
    expect((await send("DELETE", "/pairing")).status).toBe(204);
    expect((await send("POST", "/signout", {})).status).toBe(204);
  });

  it("answers a garbage, a well-formed unknown and a huge cookie with no_session, clearing it", async () => {
    for (const value of ["garbage", newDeviceToken(), "x".repeat(8000), "a b", "%00"]) {
      const res = await withCookie(`${SCREEN_COOKIE}=${value}`)("GET", "/session");
      expect(res.status).toBe(401);
      expect(await codeOf(res)).toBe("no_session");
      expect(res.headers.getSetCookie().join()).toMatch(new RegExp(`^${SCREEN_COOKIE}=;`));
    }
    const events = await withCookie(`${SCREEN_PAIRING_COOKIE}=${"y".repeat(100)}`)("GET", "/pairing/events");
    expect(events.status).toBe(401);
    expect(events.headers.getSetCookie().join()).toMatch(new RegExp(`^${SCREEN_PAIRING_COOKIE}=;`));
  });

  it("refuses writes from another site, without an Origin, or not in JSON", async () => {
    const evil = new ScreenBrowser(server.url, "http://evil.example");
    expect((await evil.post("/pairing", { name: "x" })).status).toBe(403);
    expect((await evil.request("DELETE", "/pairing")).status).toBe(403);
    const noOrigin = await fetch(`${server.url}/api/v1/screen/ticket`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(noOrigin.status).toBe(403);
    const browser = new ScreenBrowser(server.url);
    const text = await browser.request("POST", "/ticket", "{}", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    const broken = await browser.request("POST", "/pairing", '{"name": ');
    expect(broken.status).toBe(400);
    expect(await codeOf(broken)).toBe("invalid_json");
    const bad = await browser.post("/pairing", { name: "" });
    expect(bad.status).toBe(400);
  });

  it("hands a session over once: a replayed collect gets invalid_grant", async () => {
    const browser = new ScreenBrowser(server.url);
    const { user_code } = await browser.pair();
    const pairingCookie = `${SCREEN_PAIRING_COOKIE}=${browser.cookies.get(SCREEN_PAIRING_COOKIE)?.value}`;
    await adminPost(server.url, "/pairing/approve", { user_code, scope: {} });
    expect((await browser.post("/pairing/collect")).status).toBe(200);
    const replay = await withCookie(pairingCookie)("POST", "/pairing/collect", {});
    expect(replay.status).toBe(401);
    expect(await codeOf(replay)).toBe("invalid_grant");
  });
});

describe("what one address can make HAsync hold", () => {
  it("keeps at most 3 pairings waiting per address, while starting over does not take a new place", async () => {
    const address = "127.0.0.31";
    let cookie = "";
    for (let i = 0; i < 5; i++) {
      const res = await pairFrom(address, cookie);
      expect(res.status).toBe(201);
      cookie = (res.setCookie[0] ?? "").split(";")[0] ?? "";
    }
    expect((await pairFrom(address)).status).toBe(201);
    expect((await pairFrom(address)).status).toBe(201);
    expect((await pairFrom(address)).status).toBe(429);
    expect((await pairFrom("127.0.0.32")).status).toBe(201);
  });

  it("keeps one pairing stream per cookie: a newer one ends the older", async () => {
    const browser = new ScreenBrowser(server.url);
    await browser.pair();
    const first = await browser.events();
    expect(await first.next()).toEqual({ status: "pending" });
    const second = await browser.events();
    expect(await second.next()).toEqual({ status: "pending" });
    expect(await first.next()).toBe("end");
    await browser.request("DELETE", "/pairing");
    expect(await second.next()).toEqual({ status: "expired" });
    expect(await second.next()).toBe("end");
  });

  it("rate-limits tickets per address", async () => {
    const browser = new ScreenBrowser(server.url);
    const { user_code } = await browser.pair();
    await adminPost(server.url, "/pairing/approve", { user_code, scope: {} });
    await browser.post("/pairing/collect");
    // 60 a minute per address; this file's earlier refused /ticket from the same address took one.
    const answers: number[] = [];
    for (let i = 0; i < 61; i++) answers.push((await browser.post("/ticket")).status);
    const first429 = answers.indexOf(429);
    expect(first429).toBeGreaterThanOrEqual(58);
    expect(answers.slice(0, first429).every((s) => s === 200)).toBe(true);
    expect(answers.slice(first429).every((s) => s === 429)).toBe(true);
  });
});
