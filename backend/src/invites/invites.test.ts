import fs from "node:fs";
import http from "node:http";
import type {
  AuditPage,
  Device,
  InviteCreated,
  InviteCreateRequest,
  InviteList,
  ScreenSession,
} from "hasync";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ClockedHome, startClockedHome } from "../test-support/clocked-home.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { adminFetch, adminPost } from "../test-support/pairing.js";

/**
 * Invite links end to end: the admin API creates them, a browser exchanges the secret for a
 * device (the token only in the HttpOnly cookie), HAsync's own gateway lets that device in, and
 * revoking the link ends its live session. Real SQLite, the demo HA.
 */
const START = Date.parse("2026-12-01T09:30:00Z");
const DAY = 86_400_000;
let clock = START;
let home: ClockedHome;
const SCOPE = { areas: ["kitchen"], access: "control" as const };

beforeAll(async () => {
  home = await startClockedHome(START);
});
afterAll(() => home.close());
// A minute on before each test: the accept route's per-address rate limit starts afresh.
beforeEach(() => {
  clock += 61_000;
  home.setClock(clock);
});

const url = () => home.server.url;

async function create(input: Partial<InviteCreateRequest> = {}): Promise<InviteCreated> {
  const res = await adminPost(url(), "/invites", {
    name: "Anna's phone",
    scope: SCOPE,
    expires_at: new Date(clock + 3 * DAY).toISOString(),
    ...input,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as InviteCreated;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  cookie: string | undefined;
}

/** `POST /api/v1/screen/invite` as the device app sends it (JSON, its own Origin), from `address`. */
function accept(body: unknown, address = "127.0.0.1"): Promise<Answer> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url()}/api/v1/screen/invite`,
      {
        method: "POST",
        localAddress: address,
        headers: { "content-type": "application/json", origin: url() },
      },
      (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          data += chunk;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: data === "" ? {} : (JSON.parse(data) as Record<string, unknown>),
            cookie: res.headers["set-cookie"]?.find((c) => c.startsWith("hasync_screen=")),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}

const errorCode = (answer: Answer) => (answer.body.error as { code?: string } | undefined)?.code;
const tokenOf = (cookie: string | undefined) => /^hasync_screen=([^;]+)/.exec(cookie ?? "")?.[1] ?? "";

async function invites(): Promise<InviteList["invites"]> {
  return ((await (await adminFetch(url(), "/invites")).json()) as InviteList).invites;
}

async function audit(type: string): Promise<AuditPage["entries"]> {
  return ((await (await adminFetch(url(), `/audit?type=${type}&limit=200`)).json()) as AuditPage).entries;
}

describe("creating an invite", () => {
  it("shows the secret once, in the link's fragment, and keeps only its hash", async () => {
    const created = await create({ hours: { windows: [{ day: "tue", from: "09:00", to: "13:00" }] } });
    expect(created.secret).toMatch(/^hsi_[A-Za-z0-9_-]{43}$/);
    expect(created.url).toMatch(/^http:\/\/[^/]+\/invite#hsi_/);
    expect(created.url.endsWith(`/invite#${created.secret}`)).toBe(true);
    expect(created.invite).toMatchObject({ name: "Anna's phone", max_uses: 1, uses: 0, status: "active" });
    const listed = (await invites()).find((i) => i.id === created.invite.id);
    expect(listed).toEqual(created.invite);
    expect(JSON.stringify(await invites())).not.toContain(created.secret);
    const [entry] = await audit("invite.created");
    expect(entry?.detail).toMatchObject({ invite_id: created.invite.id, name: "Anna's phone", max_uses: 1 });
  });

  it("refuses an end in the past and bodies the contract does not allow", async () => {
    const past = await adminPost(url(), "/invites", {
      name: "Late",
      scope: SCOPE,
      expires_at: new Date(clock - 1000).toISOString(),
    });
    expect(past.status).toBe(400);
    for (const body of [
      {},
      { name: 5, scope: SCOPE, expires_at: "soon" },
      { name: "x".repeat(100_000) },
      [],
    ]) {
      const res = await adminPost(url(), "/invites", body);
      expect([400, 413]).toContain(res.status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(
        /invalid_request|payload_too_large/,
      );
    }
  });
});

describe("accepting an invite", () => {
  it("makes a device with the invite's scope, end and hours, its token only in the HttpOnly cookie", async () => {
    const hours = {
      windows: [{ day: "tue" as const, from: "09:00", to: "13:00" }],
      outside: "read" as const,
    };
    const created = await create({ hours });
    const answer = await accept({ secret: created.secret, type: "phone", model: "Pixel 8" });
    expect(answer.status).toBe(201);
    const session = answer.body as unknown as ScreenSession;
    expect(session.device).toMatchObject({ name: "Anna's phone", type: "phone", guest: true, hours });
    expect(session.device.expires_at).toBe(created.invite.expires_at);
    expect(session.pass).toBe("open");
    expect(JSON.stringify(answer.body)).not.toContain("hasync_");
    expect(answer.cookie).toMatch(/HttpOnly/i);
    expect(answer.cookie).toMatch(/SameSite=Strict/i);
    expect(answer.cookie).toMatch(/Path=\/api\/v1\/screen/);
    const device = (await (await adminFetch(url(), `/devices/${session.device.id}`)).json()) as Device;
    expect(device).toMatchObject({ invite_id: created.invite.id, scope: { areas: ["kitchen"] }, hours });
    // The cookie's value is a device token the gateway takes.
    const client = await RawHaClient.authenticated(url(), tokenOf(answer.cookie));
    client.close();
    const listed = (await invites()).find((i) => i.id === created.invite.id);
    expect(listed).toMatchObject({ uses: 1, status: "used", device_ids: [session.device.id] });
    const [used] = await audit("invite.used");
    expect(used?.detail).toMatchObject({
      invite_id: created.invite.id,
      device_id: session.device.id,
      device_name: "Anna's phone",
      use: 1,
      max_uses: 1,
    });
  });

  it("is single use per device: the use after the last is refused as used", async () => {
    const created = await create({ name: "Family", max_uses: 3 });
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await accept({ secret: created.secret });
      expect(answer.status).toBe(201);
      names.push((answer.body as unknown as ScreenSession).device.name);
    }
    expect(names).toEqual(["Family", "Family 2", "Family 3"]);
    const fourth = await accept({ secret: created.secret });
    expect(fourth.status).toBe(410);
    expect(errorCode(fourth)).toBe("invite_used");
    expect(fourth.cookie).toBeUndefined();
  });

  it("gives the last use to exactly one of two browsers racing for it", async () => {
    const created = await create({ name: "Race" });
    const answers = await Promise.all([
      accept({ secret: created.secret }),
      accept({ secret: created.secret }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 410]);
    const listed = (await invites()).find((i) => i.id === created.invite.id);
    expect(listed).toMatchObject({ uses: 1, device_ids: [expect.any(String)] });
  });

  it("refuses an expired link", async () => {
    const created = await create({ name: "Short", expires_at: new Date(clock + 60_000).toISOString() });
    home.setClock(clock + 61_000);
    const answer = await accept({ secret: created.secret });
    expect([answer.status, errorCode(answer)]).toEqual([410, "invite_expired"]);
    expect((await invites()).find((i) => i.id === created.invite.id)?.status).toBe("expired");
  });

  it("refuses an unknown secret as invalid, and locks out an address that keeps guessing", async () => {
    const guesser = "127.0.0.7";
    const first = await accept({ secret: `hsi_${"A".repeat(43)}` }, guesser);
    expect([first.status, errorCode(first)]).toEqual([404, "invite_invalid"]);
    let last = first;
    for (let i = 0; i < 12 && last.status !== 429; i++) last = await accept({ secret: `nope-${i}` }, guesser);
    expect(last.status).toBe(429);
    expect((last.body.error as { retry_after_s: number }).retry_after_s).toBeGreaterThan(0);
    // Even the right secret waits out the lock from that address; others are unaffected.
    const created = await create({ name: "Right one" });
    expect((await accept({ secret: created.secret }, guesser)).status).toBe(429);
    expect((await accept({ secret: created.secret })).status).toBe(201);
    const refused = await audit("invite.refused");
    expect(refused.some((e) => e.detail.reason === "too_many_attempts" && e.ip === guesser)).toBe(true);
    expect(refused.some((e) => e.detail.reason === "invite_invalid" && e.ip === guesser)).toBe(true);
  });

  it("answers hostile bodies with 4xx envelopes", async () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const bodies: unknown[] = [
      { secret: 42 },
      { secret: ["hsi_"] },
      { secret: "x".repeat(129) },
      { secret: `hsi_${"A".repeat(43)}`, type: "toaster" },
      { secret: "s", model: { a: 1 } },
      JSON.stringify({ secret: "x".repeat(200_000) }),
      deep,
      "{not json",
      "null",
    ];
    for (const body of bodies) {
      const answer = await accept(body, "127.0.0.8");
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(typeof errorCode(answer)).toBe("string");
    }
    const noOrigin = await fetch(`${url()}/api/v1/screen/invite`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ secret: "x" }),
    });
    expect(noOrigin.status).toBe(403);
  });
});

describe("revoking an invite", () => {
  it("ends the live session of every device it made, and refuses the link afterwards", async () => {
    const created = await create({ name: "Visitors", max_uses: 2 });
    const answer = await accept({ secret: created.secret });
    const deviceId = (answer.body as unknown as ScreenSession).device.id;
    const client = await RawHaClient.authenticated(url(), tokenOf(answer.cookie));
    const res = await adminFetch(url(), `/invites/${created.invite.id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await client.closed).toBeGreaterThanOrEqual(1000);
    expect((await adminFetch(url(), `/devices/${deviceId}`)).status).toBe(404);
    const again = await accept({ secret: created.secret });
    expect([again.status, errorCode(again)]).toEqual([410, "invite_revoked"]);
    expect((await invites()).find((i) => i.id === created.invite.id)).toMatchObject({
      status: "revoked",
      device_ids: [],
    });
    const [entry] = await audit("invite.revoked");
    expect(entry?.detail).toEqual({ invite_id: created.invite.id, name: "Visitors", device_ids: [deviceId] });
    expect((await adminFetch(url(), "/invites/inv_nosuch", { method: "DELETE" })).status).toBe(404);
    const send = await adminPost(url(), `/invites/${created.invite.id}/send`, {
      service: "notify.mobile_app_alex_phone",
      secret: created.secret,
    });
    expect(send.status).toBe(409);
    expect(((await send.json()) as { error: { message: string } }).error.message).toBe(
      "This invite can no longer be sent: it was cancelled.",
    );
  });
});

describe("sending an invite", () => {
  it("lists Home Assistant's notify services and sends the link through one", async () => {
    const services = (await (await adminFetch(url(), "/invites/notify-services")).json()) as {
      services: { service: string; name: string }[];
    };
    expect(services.services.map((s) => s.service)).toContain("notify.mobile_app_alex_phone");
    const created = await create({ name: "Alex" });
    const wrong = await adminPost(url(), `/invites/${created.invite.id}/send`, {
      service: "notify.mobile_app_alex_phone",
      secret: `hsi_${"B".repeat(43)}`,
    });
    expect(wrong.status).toBe(403);
    const unknown = await adminPost(url(), `/invites/${created.invite.id}/send`, {
      service: "notify.nobody",
      secret: created.secret,
    });
    expect(unknown.status).toBe(404);
    const sent = await adminPost(url(), `/invites/${created.invite.id}/send`, {
      service: "notify.mobile_app_alex_phone",
      secret: created.secret,
    });
    expect(sent.status).toBe(204);
    const call = home.ha.serviceCalls.filter((c) => c.domain === "notify").at(-1);
    expect(call).toMatchObject({
      service: "mobile_app_alex_phone",
      service_data: { data: { url: created.url, clickAction: created.url } },
    });
    expect(String(call?.service_data.message)).toContain("Demo Home");
    const [entry] = await audit("invite.sent");
    expect(entry?.detail).toEqual({
      invite_id: created.invite.id,
      name: "Alex",
      service: "notify.mobile_app_alex_phone",
    });
  });
});

describe("secrets at rest", () => {
  it("never writes an invite secret to the database, the audit log or HAsync's log", async () => {
    const created = await create({ name: "Scan me" });
    await adminPost(url(), `/invites/${created.invite.id}/send`, {
      service: "notify.mobile_app_alex_phone",
      secret: created.secret,
    });
    const answer = await accept({ secret: created.secret });
    expect(answer.status).toBe(201);
    await accept({ secret: created.secret });
    const file = home.server.db.name;
    for (const path of [file, `${file}-wal`]) {
      if (fs.existsSync(path)) expect(fs.readFileSync(path).includes(created.secret)).toBe(false);
    }
    expect(JSON.stringify(await audit("invite"))).not.toContain(created.secret);
    expect(home.server.lines.join("\n")).not.toContain(created.secret);
    expect(home.server.lines.join("\n")).not.toContain(tokenOf(answer.cookie));
  });
});

describe("the active invite limit", () => {
  it("refuses the 201st active invite", async () => {
    const active = (await invites()).filter((i) => i.status === "active").length;
    for (let i = active; i < 200; i++) await create({ name: `Bulk ${i}` });
    const over = await adminPost(url(), "/invites", {
      name: "One too many",
      scope: SCOPE,
      expires_at: new Date(clock + DAY).toISOString(),
    });
    expect(over.status).toBe(409);
  });
});
