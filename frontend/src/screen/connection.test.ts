import { ERR_CANNOT_CONNECT, ERR_INVALID_AUTH } from "home-assistant-js-websocket";
import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "../api/client.js";
import { connectScreen, ticketFailure, ticketSocket } from "./connection.js";

/**
 * A socket playing the gateway's side of HA's auth phase (backend/src/gateway/connection.ts):
 * `auth_required` on open, then `auth_ok` for a known ticket and `auth_invalid` otherwise. Each
 * ticket is accepted once, as the gateway's `authenticate()` does.
 */
class FakeGatewaySocket extends EventTarget {
  static accepted = new Set<string>();
  static opened: FakeGatewaySocket[] = [];
  static refuseOpen = false;
  readonly OPEN = 1;
  readyState = 0;
  sent: Array<Record<string, unknown>> = [];

  constructor(readonly url: string) {
    super();
    FakeGatewaySocket.opened.push(this);
    queueMicrotask(() => {
      if (FakeGatewaySocket.refuseOpen) return this.close();
      this.readyState = 1;
      this.dispatchEvent(new Event("open"));
      this.receive({ type: "auth_required", ha_version: "2025.1.0" });
    });
  }

  send(data: string): void {
    const message = JSON.parse(data) as Record<string, unknown>;
    this.sent.push(message);
    if (message.type !== "auth") return;
    const ok = FakeGatewaySocket.accepted.delete(String(message.access_token));
    this.receive(ok ? { type: "auth_ok", ha_version: "2025.1.0" } : { type: "auth_invalid", message: "x" });
  }

  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.dispatchEvent(new Event("close")));
  }

  private receive(message: unknown): void {
    queueMicrotask(() => this.dispatchEvent(new MessageEvent("message", { data: JSON.stringify(message) })));
  }
}

function tickets(...answers: Array<string | Error>) {
  const queue = [...answers];
  return async () => {
    const next = queue.shift() ?? new NetworkError();
    if (next instanceof Error) throw next;
    FakeGatewaySocket.accepted.add(next);
    return { ticket: next };
  };
}

const options = (ticket: () => Promise<{ ticket: string }>) => ({
  ticket,
  url: "ws://127.0.0.1/api/websocket",
  WebSocket: FakeGatewaySocket as unknown as new (url: string) => WebSocket,
});

const refused = (status: number, code: string) => new ApiError(status, code, code);

describe("ticketFailure", () => {
  it("stops the library when the screen may not connect, retries when HAsync is away", () => {
    expect(ticketFailure(refused(401, "no_session"))).toBe(ERR_INVALID_AUTH);
    expect(ticketFailure(refused(410, "pass_ended"))).toBe(ERR_INVALID_AUTH);
    expect(ticketFailure(refused(403, "pass_closed"))).toBe(ERR_INVALID_AUTH);
    expect(ticketFailure(new NetworkError())).toBe(ERR_CANNOT_CONNECT);
    expect(ticketFailure(refused(502, "http_error"))).toBe(ERR_CANNOT_CONNECT);
    expect(ticketFailure(refused(429, "too_many_attempts"))).toBe(ERR_CANNOT_CONNECT);
  });
});

describe("ticketSocket", () => {
  it("authenticates with the ticket and asks for coalesced frames, as the library does", async () => {
    const socket = await ticketSocket(options(tickets("hst_one")))();
    expect(socket.haVersion).toBe("2025.1.0");
    const sent = (socket as unknown as FakeGatewaySocket).sent;
    expect(sent).toEqual([
      { type: "auth", access_token: "hst_one" },
      { type: "supported_features", id: 1, features: { coalesce_messages: 1 } },
    ]);
  });

  it("rejects a refused ticket as invalid auth, a lost socket as cannot-connect", async () => {
    const replayed = ticketSocket(options(async () => ({ ticket: "hst_used" })));
    await expect(replayed()).rejects.toBe(ERR_INVALID_AUTH);
    FakeGatewaySocket.refuseOpen = true;
    try {
      await expect(ticketSocket(options(tickets("hst_two")))()).rejects.toBe(ERR_CANNOT_CONNECT);
    } finally {
      FakeGatewaySocket.refuseOpen = false;
    }
    await expect(ticketSocket(options(tickets(refused(401, "no_session"))))()).rejects.toBe(ERR_INVALID_AUTH);
  });
});

describe("connectScreen", () => {
  it("fetches a fresh ticket on reconnect and stops with reconnect-error once the screen is revoked", async () => {
    const conn = await connectScreen(options(tickets("hst_a", "hst_b", refused(401, "no_session"))));
    const ready = new Promise<void>((resolve) => conn.addEventListener("ready", () => resolve()));
    conn.socket?.close();
    await ready;
    const stopped = new Promise<unknown>((resolve) =>
      conn.addEventListener("reconnect-error", (_c, e) => resolve(e)),
    );
    conn.socket?.close();
    expect(await stopped).toBe(ERR_INVALID_AUTH);
    const auths = FakeGatewaySocket.opened.flatMap((s) => s.sent.filter((m) => m.type === "auth"));
    expect(auths.map((m) => m.access_token)).toEqual(expect.arrayContaining(["hst_a", "hst_b"]));
    conn.close();
  });
});
