import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../test-support/ha-link.js";
import {
  INITIALIZE,
  type McpFixture,
  rawPost,
  type SideMcp,
  startMcpFixture,
  startSideMcp,
} from "../test-support/mcp.js";

let f: McpFixture;
let side: SideMcp;
let clock = Date.now();
let a: { token: string; id: string };
let b: { token: string; id: string };

beforeAll(async () => {
  f = await startMcpFixture();
  side = await startSideMcp(f.server.hasync, {
    limits: { perDevice: 2, total: 3, idleMs: 60_000 },
    now: () => clock,
  });
  const first = await f.pair({ areas: ["kitchen"], access: "read" }, "Agent A");
  const second = await f.pair({ areas: ["kitchen"], access: "read" }, "Agent B");
  a = { token: first.token, id: first.device.id };
  b = { token: second.token, id: second.device.id };
});
afterAll(async () => {
  await side?.close();
  await f?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function open(token: string): Promise<Response> {
  clock += 1;
  const res = await rawPost(side.url, INITIALIZE, auth(token));
  await res.text();
  return res;
}

async function openSession(token: string): Promise<string> {
  const res = await open(token);
  expect(res.status).toBe(200);
  return res.headers.get("mcp-session-id") as string;
}

async function ping(token: string, session: string): Promise<number> {
  clock += 1;
  const body = JSON.stringify({ jsonrpc: "2.0", id: 9, method: "ping" });
  const res = await rawPost(side.url, body, { ...auth(token), "mcp-session-id": session });
  await res.text();
  return res.status;
}

/** The session's standalone GET stream, held open until `abort()`. */
async function holdStream(token: string, session: string): Promise<AbortController> {
  const abort = new AbortController();
  const res = await fetch(side.url, {
    headers: { ...auth(token), accept: "text/event-stream", "mcp-session-id": session },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  return abort;
}

async function closedReasons(deviceId: string): Promise<unknown[]> {
  const page = (await (await f.admin("/audit?type=mcp.session_closed&limit=100")).json()) as {
    entries: Array<{ actor: string; detail: { reason: unknown } }>;
  };
  return page.entries.filter((e) => e.actor === deviceId).map((e) => e.detail.reason);
}

describe("MCP session limits", () => {
  it("makes room at a device's limit by closing its least recently used idle session", async () => {
    const first = await openSession(a.token);
    const second = await openSession(a.token);
    expect(await ping(a.token, first)).toBe(200);
    const third = await openSession(a.token);
    expect(await ping(a.token, second)).toBe(404);
    expect(await ping(a.token, first)).toBe(200);
    expect(await ping(a.token, third)).toBe(200);
    expect(await closedReasons(a.id)).toEqual(["replaced"]);
  });

  it("refuses a new session while all of the device's sessions are busy, and HAsync's limit for others", async () => {
    const sessions = [await openSession(a.token), await openSession(a.token)];
    const streams = [
      await holdStream(a.token, sessions[0] as string),
      await holdStream(a.token, sessions[1] as string),
    ];
    await waitFor(() => side.endpoint.openRequests(a.id) === 2);
    const busy = await open(a.token);
    expect(busy.status).toBe(429);
    expect(busy.headers.get("retry-after")).toBe("60");
    await openSession(b.token);
    const full = await open(b.token);
    expect(full.status).toBe(503);
    streams[0]?.abort();
    await waitFor(() => side.endpoint.openRequests(a.id) === 1);
    expect((await open(a.token)).status).toBe(200);
    streams[1]?.abort();
  });

  it("closes sessions idle longer than the idle timeout", async () => {
    side.endpoint.stop();
    side.endpoint.start();
    const session = await openSession(b.token);
    clock += 61_000;
    side.endpoint.sweep();
    expect(await ping(b.token, session)).toBe(404);
    expect(await closedReasons(b.id)).toContain("idle");
  });

  it("ends a session the client deletes (DELETE with its id), as the transport spec says", async () => {
    const session = await openSession(b.token);
    const res = await fetch(side.url, {
      method: "DELETE",
      headers: { ...auth(b.token), "mcp-session-id": session },
    });
    expect(res.status).toBe(200);
    expect(await ping(b.token, session)).toBe(404);
    expect(await closedReasons(b.id)).toContain("client");
  });
});
