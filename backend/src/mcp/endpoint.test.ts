import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../test-support/ha-link.js";
import { INITIALIZE, type McpFixture, mcpClient, rawPost, startMcpFixture } from "../test-support/mcp.js";

let f: McpFixture;
let a: { token: string; id: string };
let b: { token: string; id: string };

beforeAll(async () => {
  f = await startMcpFixture();
  const first = await f.pair({ areas: ["kitchen"], access: "read" }, "Agent A");
  const second = await f.pair({ areas: ["kitchen"], access: "read" }, "Agent B");
  a = { token: first.token, id: first.device.id };
  b = { token: second.token, id: second.device.id };
});
afterAll(async () => {
  await f?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const LIST = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });

/** A session opened with raw HTTP; its id. */
async function openSession(token: string): Promise<string> {
  const res = await rawPost(f.url, INITIALIZE, auth(token));
  expect(res.status).toBe(200);
  await res.text();
  const id = res.headers.get("mcp-session-id");
  if (id === null) throw new Error("no session id");
  return id;
}

const list = (token: string, session: string) =>
  rawPost(f.url, LIST, { ...auth(token), "mcp-session-id": session, "mcp-protocol-version": "2025-06-18" });

describe("the MCP endpoint", () => {
  it("wants a device token on every request: 401 with WWW-Authenticate, in JSON-RPC's envelope", async () => {
    const missing = await rawPost(f.url, INITIALIZE);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="HAsync"');
    expect(await missing.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 }, id: null });
    const wrong = await rawPost(f.url, INITIALIZE, auth("not-a-token"));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const session = await openSession(a.token);
    expect((await list("hasync_wrong", session)).status).toBe(401);
    const get = await fetch(f.url, { headers: { accept: "text/event-stream", "mcp-session-id": session } });
    expect(get.status).toBe(401);
  });

  it("binds a session to its device: another device's token sees no such session", async () => {
    const session = await openSession(a.token);
    const own = await list(a.token, session);
    expect(own.status).toBe(200);
    await own.text();
    const other = await list(b.token, session);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: -32001, message: "Session not found" } });
    const gone = await list(b.token, "00000000-0000-4000-8000-000000000000");
    expect(gone.status).toBe(404);
  });

  it("answers bad bodies in JSON-RPC's words, never a 5xx", async () => {
    const session = await openSession(a.token);
    const headers = { ...auth(a.token), "mcp-session-id": session };
    const broken = await rawPost(f.url, '{"jsonrpc": "2.0", "id": 1, "method": ', headers);
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: -32700 } });
    const huge = await rawPost(
      f.url,
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "x", params: { p: "x".repeat(100_000) } }),
      headers,
    );
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: -32600 } });
    const deep = `${"[".repeat(40)}${"]".repeat(40)}`;
    const nested = await rawPost(
      f.url,
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { deep: JSON.parse(deep) } }),
      headers,
    );
    expect(nested.status).toBe(400);
    for (const body of [
      "[]",
      '"text"',
      "{}",
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_entity","arguments":{"entity_id":7}}}',
    ]) {
      const res = await rawPost(f.url, body, headers);
      expect(res.status).toBeLessThan(500);
      await res.text();
    }
    const noSession = await rawPost(f.url, LIST, auth(a.token));
    expect(noSession.status).toBe(400);
  });

  it("is not served on the ingress listener", async () => {
    const ingress = new URL(f.url);
    ingress.port = String(f.server.hasync.ingressPort);
    const res = await rawPost(ingress, INITIALIZE, auth(a.token));
    expect(res.status).toBe(404);
    expect(res.headers.get("mcp-session-id")).toBeNull();
  });

  it("announces call_service when the scope starts allowing control", async () => {
    const agent = await f.pair({ areas: ["kitchen"], access: "read" }, "Growing agent");
    const client = await mcpClient(f.url, agent.token);
    const changed = new Promise<void>((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
    );
    // The client's GET stream (where unsolicited notifications go) is open before the change.
    await waitFor(() => f.server.hasync.mcp.openRequests(agent.device.id) > 0);
    const names = async () => (await client.listTools()).tools.map((t) => t.name);
    expect(await names()).not.toContain("call_service");
    const patch = await f.admin(`/devices/${agent.device.id}`, {
      method: "PATCH",
      body: JSON.stringify({ scope: { areas: ["kitchen"], access: "control" } }),
    });
    expect(patch.status).toBe(200);
    await changed;
    expect(await names()).toContain("call_service");
    await client.close();
  });

  it("closes an agent's sessions at once when it is revoked", async () => {
    const agent = await f.pair({ areas: ["kitchen"], access: "read" }, "Doomed agent");
    const client: Client = await mcpClient(f.url, agent.token, "doomed-llm");
    await client.callTool({ name: "get_home_overview" });
    const session = await openSession(agent.token);
    const revoke = await f.admin(`/devices/${agent.device.id}`, { method: "DELETE" });
    expect(revoke.status).toBeLessThan(300);
    await expect(client.callTool({ name: "get_home_overview" })).rejects.toMatchObject({ code: 401 });
    expect((await list(agent.token, session)).status).toBe(401);
    expect((await list(a.token, session)).status).toBe(404);
    expect(f.server.hasync.mcp.openRequests(agent.device.id)).toBe(0);
    const page = (await (await f.admin("/audit?type=mcp&limit=100")).json()) as {
      entries: Array<{ type: string; actor: string; detail: Record<string, unknown> }>;
    };
    const closed = page.entries.filter((e) => e.type === "mcp.session_closed" && e.actor === agent.device.id);
    expect(closed.map((e) => e.detail.reason)).toEqual(["revoked", "revoked"]);
    const opened = page.entries.filter((e) => e.type === "mcp.session_opened" && e.actor === agent.device.id);
    expect(opened.map((e) => e.detail.client).sort()).toEqual(["doomed-llm", "raw"]);
    await client.close().catch(() => undefined);
  });

  it("closes an agent's sessions when its pass expires", async () => {
    const agent = await f.pair({ areas: ["kitchen"], access: "read" }, "Expiring agent");
    const session = await openSession(agent.token);
    const patch = await f.admin(`/devices/${agent.device.id}`, {
      method: "PATCH",
      // A time in the past is refused; the pass ends shortly, at the devices' next expiry check.
      body: JSON.stringify({ expires_at: new Date(Date.now() + 2000).toISOString() }),
    });
    expect(patch.status).toBe(200);
    const closed = () =>
      f.server.hasync.audit
        .list({ type: "mcp.session_closed", limit: 100 })
        .entries.filter((e) => e.actor === agent.device.id);
    await waitFor(() => closed().length === 1);
    expect(closed()[0]?.detail.reason).toBe("revoked");
    expect((await list(agent.token, session)).status).toBe(401);
    expect((await list(a.token, session)).status).toBe(404);
  });
});
