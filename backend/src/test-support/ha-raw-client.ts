import WebSocket from "ws";
import { waitFor } from "./ha-link.js";

type Message = Record<string, unknown>;

interface Waiter {
  match: (m: Message) => boolean;
  resolve: (m: Message) => void;
}

/**
 * A bare websocket client for protocol-level tests of HA-speaking servers: it keeps every raw
 * frame (to see coalescing and garbage as sent) and lets a test wait for a matching message.
 */
export class RawHaClient {
  readonly frames: string[] = [];
  readonly closed: Promise<number>;
  private readonly inbox: Message[] = [];
  private readonly waiters = new Set<Waiter>();

  private constructor(private readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => socket.on("close", (code) => resolve(code)));
    socket.on("message", (data) => this.receive(data.toString()));
  }

  /** Opens `${baseUrl}/api/websocket` (http → ws) and resolves once the socket is open. */
  static open(baseUrl: string): Promise<RawHaClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/api/websocket`);
    // Listen before "open": the server's first frame can arrive in the same read as the handshake.
    const client = new RawHaClient(socket);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(client));
      socket.once("error", reject);
    });
  }

  /** Opens, waits for auth_required, authenticates and returns the auth reply. */
  static async authenticated(baseUrl: string, token: string): Promise<RawHaClient> {
    const client = await RawHaClient.open(baseUrl);
    await client.waitFor((m) => m.type === "auth_required");
    client.send({ type: "auth", access_token: token });
    const reply = await client.waitFor((m) => m.type === "auth_ok" || m.type === "auth_invalid");
    if (reply.type !== "auth_ok") throw new Error(`auth failed: ${JSON.stringify(reply)}`);
    return client;
  }

  send(data: unknown): void {
    this.socket.send(typeof data === "string" ? data : JSON.stringify(data));
  }

  /** Resolves with the first message (already received or still to come) that matches. */
  waitFor(match: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
    const index = this.inbox.findIndex(match);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0] as Message);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { match, resolve };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      waiter.resolve = (m) => {
        clearTimeout(timer);
        resolve(m);
      };
      this.waiters.add(waiter);
    });
  }

  /** The reply (result or pong) to command `id`. */
  reply(id: number, timeoutMs?: number): Promise<Message> {
    return this.waitFor((m) => m.id === id && (m.type === "result" || m.type === "pong"), timeoutMs);
  }

  close(): void {
    this.socket.terminate();
  }

  private receive(text: string): void {
    this.frames.push(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      if (typeof message !== "object" || message === null) continue;
      const waiter = [...this.waiters].find((w) => w.match(message as Message));
      if (waiter) {
        this.waiters.delete(waiter);
        waiter.resolve(message as Message);
      } else {
        this.inbox.push(message as Message);
      }
    }
  }
}

/**
 * A device socket past auth that keeps every frame as raw text (for tests that check exactly what
 * went over the wire): frame 0 is auth_required, frame 1 auth_ok.
 */
export async function authenticatedFrames(
  wsUrl: string,
  token: string,
): Promise<{ socket: WebSocket; frames: string[] }> {
  const socket = new WebSocket(wsUrl);
  const frames: string[] = [];
  socket.on("message", (data) => frames.push(data.toString()));
  await waitFor(() => frames.length === 1, 10_000, "auth_required");
  socket.send(JSON.stringify({ type: "auth", access_token: token }));
  await waitFor(() => frames.length === 2, 10_000, "auth_ok");
  return { socket, frames };
}
