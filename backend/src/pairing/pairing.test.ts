import http from "node:http";
import { USER_CODE_ALPHABET } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../devices/tokens.js";
import { startTestServer, type TestServer } from "../test-support/harness.js";
import { adminPost, INGRESS_ADMIN, pairDevice, pollToken, requestCodes } from "../test-support/pairing.js";

let clock = Date.parse("2026-11-27T12:00:00Z");
let server: TestServer;
const tick = (seconds: number) => {
  clock += seconds * 1000;
};

beforeAll(async () => {
  server = await startTestServer({ env: { HASYNC_INGRESS_PEER: "127.0.0.1" }, now: () => clock });
});
afterAll(() => server.close());

const grantError = async (res: Response) => {
  expect(res.status).toBe(400);
  return ((await res.json()) as { error: string }).error;
};
interface CodeAnswer {
  status: number;
  body: { user_code?: string; error?: { code: string; retry_after_s?: number } };
}

/** A device-code request from `address` (any 127.x address reaches the loopback listener). */
function requestFrom(address: string, name: string): Promise<CodeAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}/api/v1/pairing/device-code`,
      { method: "POST", localAddress: address, headers: { "content-type": "application/json" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify({ name, type: "tablet" }));
  });
}

const KITCHEN = { areas: ["kitchen"], access: "control" as const };
const CODE = new RegExp(`^[${USER_CODE_ALPHABET}]{4}-[${USER_CODE_ALPHABET}]{4}$`);

describe("device codes", () => {
  it("issues RFC 8628 codes and stores only a hash of the device code", async () => {
    const codes = await requestCodes(server.url);
    expect(codes.user_code).toMatch(CODE);
    expect(Buffer.from(codes.device_code, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(codes.verification_uri).toBe(`${server.url}/admin/pair`);
    expect(codes.verification_uri_complete).toBe(`${server.url}/admin/pair?code=${codes.user_code}`);
    expect(codes).toMatchObject({ expires_in: 600, interval: 5 });
    const row = server.db
      .prepare("SELECT device_code_hash FROM pairing_requests WHERE user_code = ?")
      .get(codes.user_code) as {
      device_code_hash: string;
    };
    expect(row.device_code_hash).toBe(sha256(codes.device_code));
    const pending = (await (
      await fetch(`${server.url}/api/v1/admin/pairing`, { headers: INGRESS_ADMIN })
    ).json()) as {
      pending: { user_code: string; ip: string; type: string }[];
    };
    expect(pending.pending.find((p) => p.user_code === codes.user_code)).toMatchObject({
      ip: "127.0.0.1",
      type: "tablet",
    });
  });
});

describe("the token endpoint", () => {
  it("says pending, then slow_down when polled too fast, then hands the token over exactly once", async () => {
    const codes = await requestCodes(server.url);
    expect(await grantError(await pollToken(server.url, codes.device_code))).toBe("authorization_pending");
    expect(await grantError(await pollToken(server.url, codes.device_code))).toBe("slow_down");
    tick(5);
    expect(await grantError(await pollToken(server.url, codes.device_code))).toBe("authorization_pending");
    const approve = await adminPost(server.url, "/pairing/approve", {
      user_code: codes.user_code,
      scope: KITCHEN,
    });
    expect(approve.status).toBe(201);
    tick(5);
    const res = await pollToken(server.url, codes.device_code);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      access_token: string;
      token_type: string;
      device_id: string;
      scope: unknown;
    };
    expect(body.token_type).toBe("Bearer");
    expect(body.access_token).toMatch(/^hasync_[A-Za-z0-9_-]{43}$/);
    expect(body.scope).toMatchObject({ areas: ["kitchen"], access: "control" });
    tick(5);
    expect(await grantError(await pollToken(server.url, codes.device_code))).toBe("invalid_grant");
    const dump = JSON.stringify(server.db.prepare("SELECT * FROM devices").all());
    expect(dump).toContain(sha256(body.access_token));
    expect(dump).not.toContain(body.access_token);
    expect(server.hasync.devices.authenticate(body.access_token, "127.0.0.1")?.id).toBe(body.device_id);
  });

  it("answers access_denied once after a denial, then invalid_grant", async () => {
    const codes = await requestCodes(server.url);
    expect((await adminPost(server.url, "/pairing/deny", { user_code: codes.user_code })).status).toBe(204);
    tick(5);
    expect(await grantError(await pollToken(server.url, codes.device_code))).toBe("access_denied");
    tick(5);
    expect(await grantError(await pollToken(server.url, codes.device_code))).toBe("invalid_grant");
  });

  it("expires codes after 10 minutes: expired_token, gone from the list, approve says 404", async () => {
    const codes = await requestCodes(server.url);
    tick(601);
    expect(await grantError(await pollToken(server.url, codes.device_code))).toBe("expired_token");
    const approve = await adminPost(server.url, "/pairing/approve", {
      user_code: codes.user_code,
      scope: KITCHEN,
    });
    expect(approve.status).toBe(404);
    const pending = (await (
      await fetch(`${server.url}/api/v1/admin/pairing`, { headers: INGRESS_ADMIN })
    ).json()) as {
      pending: { user_code: string }[];
    };
    expect(pending.pending.some((p) => p.user_code === codes.user_code)).toBe(false);
  });

  it("drops a device that was approved but never collected its token", async () => {
    const codes = await requestCodes(server.url, "Never collects");
    await adminPost(server.url, "/pairing/approve", { user_code: codes.user_code, scope: KITCHEN });
    expect(server.hasync.devices.list().some((d) => d.name === "Never collects")).toBe(true);
    tick(601);
    server.hasync.pairing.purgeExpired();
    expect(server.hasync.devices.list().some((d) => d.name === "Never collects")).toBe(false);
  });

  it("answers unknown device codes with invalid_grant", async () => {
    expect(await grantError(await pollToken(server.url, "not-a-real-device-code"))).toBe("invalid_grant");
  });
});

describe("admin approval", () => {
  it("accepts the code as typed: lower case, spaces, no dash", async () => {
    const codes = await requestCodes(server.url);
    const typed = ` ${codes.user_code.replace("-", " ").toLowerCase()} `;
    const res = await adminPost(server.url, "/pairing/approve", {
      user_code: typed,
      name: "Küche 🍳",
      scope: KITCHEN,
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { name: string; entity_count: number }).name).toBe("Küche 🍳");
  });

  it("throttles wrong codes", async () => {
    tick(3600);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (await adminPost(server.url, "/pairing/approve", { user_code: "AAAA-AAAA", scope: KITCHEN })).status,
      );
    }
    expect(statuses.slice(0, 9).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429]);
    tick(3600);
  });

  it("rejects bad approvals with 400 and leaves the request pending, nothing half-written", async () => {
    const codes = await requestCodes(server.url);
    const before = server.hasync.devices.list().length;
    const bad = [
      { user_code: codes.user_code },
      { user_code: codes.user_code, scope: { areas: "kitchen" } },
      { user_code: codes.user_code, scope: { entities: ["not an id"] } },
      { user_code: codes.user_code, scope: KITCHEN, expires_at: new Date(clock - 1000).toISOString() },
      { user_code: codes.user_code, scope: KITCHEN, expires_at: "tomorrow" },
      { user_code: codes.user_code, scope: KITCHEN, name: "x".repeat(65) },
      { user_code: codes.user_code, scope: { ...KITCHEN, access: "admin" } },
    ];
    for (const body of bad) expect((await adminPost(server.url, "/pairing/approve", body)).status).toBe(400);
    expect(server.hasync.devices.list().length).toBe(before);
    tick(5);
    expect(await grantError(await pollToken(server.url, codes.device_code))).toBe("authorization_pending");
  });
});

describe("abuse limits and bad input on the public endpoints", () => {
  it("rate-limits device-code requests per client, allowing at least 10 a minute", async () => {
    tick(120);
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) {
      const res = await requestFrom("127.0.0.1", `Rate ${i}`);
      statuses.push(res.status);
      // Denied at once, so the per-address room for waiting requests is not what stops them.
      if (res.status === 200) await adminPost(server.url, "/pairing/deny", { user_code: res.body.user_code });
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[12]).toBe(429);
    tick(601);
  });

  it("lets one address keep at most 3 requests waiting, and another address still pair", async () => {
    tick(601);
    server.hasync.pairing.purgeExpired();
    const flooder = "127.0.0.21";
    for (let i = 0; i < 3; i++) expect((await requestFrom(flooder, `Flood ${i}`)).status).toBe(200);
    tick(100);
    const refused = await requestFrom(flooder, "Flood 3");
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: "too_many_attempts", retry_after_s: 500 });
    const other = await requestFrom("127.0.0.22", "Someone else");
    expect(other.status).toBe(200);
    expect(other.body.user_code).toMatch(CODE);
    // An approval (or denial, or expiry) gives the address its room back.
    const pending = server.hasync.pairing.listPending().filter((p) => p.ip === flooder);
    await adminPost(server.url, "/pairing/deny", { user_code: pending[0]?.user_code });
    expect((await requestFrom(flooder, "Flood 4")).status).toBe(200);
    tick(601);
    server.hasync.pairing.purgeExpired();
  });

  it("still caps pending requests at 20 over all addresses", async () => {
    tick(601);
    server.hasync.pairing.purgeExpired();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await requestFrom(`127.0.1.${i + 1}`, `Cap ${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    tick(601);
    server.hasync.pairing.purgeExpired();
  });

  it.each([
    ["an empty name", { name: "" }],
    ["a 65-character name", { name: "é".repeat(65) }],
    ["a wrong type", { name: "TV", type: "toaster" }],
    ["a number as name", { name: 42 }],
  ])("rejects %s with a 400 envelope", async (_what, body) => {
    tick(61);
    const res = await fetch(`${server.url}/api/v1/pairing/device-code`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });

  it("accepts a 64-character Unicode name", async () => {
    tick(61);
    const codes = await requestCodes(server.url, "🍳".repeat(64));
    expect(codes.user_code).toMatch(CODE);
  });

  it("answers malformed JSON at the token endpoint with the error envelope", async () => {
    const res = await fetch(`${server.url}/api/v1/pairing/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{device_code:",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
  });

  it("never logs codes or tokens", async () => {
    tick(61);
    const { token } = await pairDevice(server.url, KITCHEN, "Log check");
    const codes = await requestCodes(server.url, "Log check 2");
    const logs = server.lines.join("\n");
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(codes.device_code);
    expect(logs).not.toContain(codes.user_code);
  });

  it("audits requests, approvals and denials", async () => {
    const types = (server.db.prepare("SELECT DISTINCT type FROM audit_log").all() as { type: string }[]).map(
      (r) => r.type,
    );
    expect(types).toEqual(
      expect.arrayContaining([
        "pairing.requested",
        "pairing.approved",
        "pairing.denied",
        "pairing.approve_failed",
      ]),
    );
    expect(JSON.stringify(server.db.prepare("SELECT * FROM audit_log").all())).not.toMatch(
      /hasync_[A-Za-z0-9_-]{43}/,
    );
  });
});
