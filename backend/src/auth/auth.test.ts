import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness.js";

const PASSWORD = "correct horse battery staple";
let clock = Date.parse("2026-11-27T10:00:00Z");
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    env: { HASYNC_ADMIN_USERNAME: "admin", HASYNC_ADMIN_PASSWORD: PASSWORD },
    now: () => clock,
  });
});
afterAll(() => server.close());
afterEach(() => {
  // Each test starts unthrottled: a day later every failure is forgotten.
  clock += 25 * 3600 * 1000;
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const login = (username: string, password: string, headers?: Record<string, string>) =>
  post("/api/v1/auth/login", { username, password }, headers);
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; retry_after_s?: number } }).error;
const sessionCookie = (res: Response) =>
  /hasync_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];

describe("password login", () => {
  it("signs in, sets a strict HttpOnly cookie and keeps only a hash of it", async () => {
    const res = await login("admin", PASSWORD);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: { name: "admin", display_name: null, via: "password" } });
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const id = sessionCookie(res) ?? "";
    expect(id.length).toBeGreaterThanOrEqual(43);
    const stored = server.db.prepare("SELECT id_hash FROM admin_sessions").all() as { id_hash: string }[];
    expect(stored.some((r) => r.id_hash === id)).toBe(false);
    expect(stored.some((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
    const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie: `hasync_session=${id}` } });
    expect(((await me.json()) as { user: { via: string } }).user.via).toBe("password");
  });

  it("gives the same answer for an unknown user and a wrong password", async () => {
    const wrongUser = await login("root", PASSWORD);
    const wrongPass = await login("admin", "not the password at all");
    expect(wrongUser.status).toBe(401);
    expect(wrongPass.status).toBe(401);
    expect(await wrongUser.json()).toEqual(await wrongPass.json());
  });

  it("logout invalidates the session on the server, not just the cookie", async () => {
    const id = sessionCookie(await login("admin", PASSWORD)) ?? "";
    const cookie = { cookie: `hasync_session=${id}` };
    expect((await post("/api/v1/auth/logout", {}, cookie)).status).toBe(204);
    expect((await fetch(`${server.url}/api/v1/auth/me`, { headers: cookie })).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/admin/audit`, { headers: cookie })).status).toBe(401);
  });

  it("expires sessions after 7 days without use, and slides while used", async () => {
    const id = sessionCookie(await login("admin", PASSWORD)) ?? "";
    const me = () => fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie: `hasync_session=${id}` } });
    clock += 6 * 24 * 3600 * 1000;
    expect((await me()).status).toBe(200);
    clock += 6 * 24 * 3600 * 1000;
    expect((await me()).status).toBe(200);
    clock += 8 * 24 * 3600 * 1000;
    expect((await me()).status).toBe(401);
  });
});

// Every test here runs several bcrypt comparisons at the production cost (12), a few seconds on
// a loaded 2-core machine: vitest's 5 s default timed one out in a fresh-clone npm test.
describe("brute-force protection", { timeout: 30_000 }, () => {
  it("locks a username out after a few failures, with retry_after_s, and lets it in after", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await login("admin", `wrong-${i}-password`)).status);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await login("admin", PASSWORD);
    expect(locked.status).toBe(429);
    const error = await errorOf(locked);
    expect(error.code).toBe("too_many_attempts");
    expect(error.retry_after_s).toBeGreaterThan(0);
    clock += (error.retry_after_s ?? 0) * 1000;
    expect((await login("admin", PASSWORD)).status).toBe(200);
  });

  it("makes 30 wrong guesses in a row cost many hours", async () => {
    let waitedMs = 0;
    let reachedCheck = 0;
    for (let guess = 0; guess < 30; ) {
      const res = await login("admin", `guess-number-${guess}`);
      if (res.status === 429) {
        const wait = ((await errorOf(res)).retry_after_s ?? 0) * 1000;
        waitedMs += wait;
        clock += wait;
        continue;
      }
      expect(res.status).toBe(401);
      reachedCheck += 1;
      guess += 1;
    }
    expect(reachedCheck).toBe(30);
    expect(waitedMs).toBeGreaterThan(10 * 3600 * 1000);
  }, 30_000);

  it("throttles one IP that sprays many usernames", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await login(`user${i}`, "some wrong password")).status);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it("audits failures and lockouts without ever recording the password", async () => {
    const secret = "my-secret-guess-123";
    for (let i = 0; i < 6; i++) await login("mallory", secret);
    const rows = server.db.prepare("SELECT type, actor, ip, detail FROM audit_log").all() as Record<
      string,
      string
    >[];
    expect(rows.some((r) => r.type === "auth.login_failed" && r.ip === "127.0.0.1")).toBe(true);
    // "mallory" is not the admin's name, so it is not kept either: it could be a mistyped password.
    expect(JSON.stringify(rows)).not.toContain("mallory");
    expect(rows.some((r) => r.type === "auth.lockout")).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
    expect(server.lines.join("\n")).not.toContain(secret);
    expect(server.lines.join("\n")).not.toContain(PASSWORD);
  });

  it("evaluates no more guesses than the free attempts when they arrive all at once", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login("admin", `concurrent-guess-${i}`)).map((p) =>
        p.then((res) => res.status),
      ),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
    // The right password, tried while the lock holds, does not get in.
    expect((await login("admin", PASSWORD)).status).toBe(429);
  }, 30_000);

  it("keeps a password typed into the username field out of the audit log", async () => {
    const typedAsUsername = "Tr0ub4dor&3-typed-in-the-wrong-box";
    await login(typedAsUsername, "admin");
    await login("admin", "wrong but the name is right");
    const rows = server.db
      .prepare(
        "SELECT actor, detail FROM audit_log WHERE type = 'auth.login_failed' ORDER BY id DESC LIMIT 2",
      )
      .all() as { actor: string | null; detail: string }[];
    expect(rows.map((r) => r.actor)).toEqual(["admin", null]);
    expect(JSON.parse(rows[1]?.detail ?? "{}")).toEqual({ unknown_username: true });
    expect(JSON.stringify(server.db.prepare("SELECT * FROM audit_log").all())).not.toContain(typedAsUsername);
    expect(server.lines.join("\n")).not.toContain(typedAsUsername);
  });
});

describe("cross-site protection", () => {
  it("refuses writes without, or with a foreign, Origin", async () => {
    const body = JSON.stringify({ username: "admin", password: PASSWORD });
    const noOrigin = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(noOrigin.status).toBe(403);
    expect((await login("admin", PASSWORD, { origin: "http://evil.example" })).status).toBe(403);
    const viaReferer = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", referer: `${server.url}/login` },
      body,
    });
    expect(viaReferer.status).toBe(200);
  });

  it("refuses a DNS-rebinding page: its Host and Origin agree, but name no address HAsync is served on", async () => {
    // fetch() sends its own Host header; node:http sends the one a rebound browser would.
    const loginAs = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ username: "admin", password: PASSWORD });
        const req = http.request(`${server.url}/api/v1/auth/login`, {
          method: "POST",
          headers: { host, origin: `http://${host}`, "content-type": "application/json" },
        });
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end(body);
      });
    const port = new URL(server.url).port;
    expect(await loginAs(`evil.example:${port}`)).toBe(403);
    expect(await loginAs(`homeassistant.local:${port}`)).toBe(200);
    expect(await loginAs(`[::1]:${port}`)).toBe(200);
  });

  it("refuses non-JSON writes, which a cross-site form could send", async () => {
    const res = await post("/api/v1/auth/login", "username=admin&password=x", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe("unsupported_media_type");
  });
});

describe("bad input", () => {
  it.each([
    ["malformed JSON", '{"username": "admin", ', 400, "invalid_json"],
    ["wrong types", { username: 5, password: ["x"] }, 400, "invalid_request"],
    ["missing fields", {}, 400, "invalid_request"],
    ["a 100 kB username", { username: "a".repeat(100_000), password: "x" }, 413, "payload_too_large"],
    ["a 1 kB username", { username: "a".repeat(1000), password: "x" }, 400, "invalid_request"],
    ["a JSON array", "[]", 400, "invalid_request"],
  ])("answers %s with a 4xx envelope", async (_name, body, status, code) => {
    const res = await post("/api/v1/auth/login", body);
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe(code);
    expect(text).not.toMatch(/\bat\s+\S+\.(js|ts):\d+/);
  });
});

describe("admin routes", () => {
  it("answer 401 without a session, whatever the path", async () => {
    for (const path of ["/api/v1/admin/audit", "/api/v1/admin/devices", "/api/v1/admin/no-such-thing"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe("unauthorized");
    }
  });

  it("page through the audit log with type and since filters", async () => {
    const id = sessionCookie(await login("admin", PASSWORD)) ?? "";
    const get = async (query: string) => {
      const res = await fetch(`${server.url}/api/v1/admin/audit?${query}`, {
        headers: { cookie: `hasync_session=${id}` },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { entries: { id: number; type: string }[]; next_before: number | null };
    };
    const first = await get("type=auth&limit=2");
    expect(first.entries).toHaveLength(2);
    expect(first.entries.every((e) => e.type.startsWith("auth."))).toBe(true);
    expect(first.next_before).toBe(first.entries[1]?.id);
    const second = await get(`type=auth&limit=2&before=${first.next_before}`);
    expect(second.entries[0]?.id).toBeLessThan(first.entries[1]?.id ?? 0);
    const logins = await get("type=auth.login&limit=200");
    expect(logins.entries.every((e) => e.type === "auth.login")).toBe(true);
    const future = await get(`since=${encodeURIComponent(new Date(clock + 1000).toISOString())}`);
    expect(future.entries).toEqual([]);
    const bad = await fetch(`${server.url}/api/v1/admin/audit?limit=100000&type=DROP TABLE`, {
      headers: { cookie: `hasync_session=${id}` },
    });
    expect(bad.status).toBe(400);
  });
});
