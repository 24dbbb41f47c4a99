import http from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";

/** One JSON message on a recorded socket (coalesced arrays are split into their messages). */
export interface RecordedFrame {
  from: "client" | "server";
  // biome-ignore lint/suspicious/noExplicitAny: HA's protocol messages, read by the tests.
  msg: any;
}

/**
 * A transparent relay for `/api/websocket`: a client connects to `url` instead of the server and
 * every message both ways is recorded, so a test can say exactly what a real client sent and what
 * it was answered. Only the websocket is relayed (the recorded clients make no REST call).
 */
export class WsRecorder {
  readonly frames: RecordedFrame[] = [];
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(upstreamWsUrl: string): Promise<WsRecorder> {
    const server = http.createServer((_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({ server, path: "/api/websocket" });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const recorder = new WsRecorder(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    wss.on("connection", (client) => recorder.relay(client, new WebSocket(upstreamWsUrl)));
    return recorder;
  }

  private relay(client: WebSocket, upstream: WebSocket): void {
    this.sockets.add(client).add(upstream);
    const pending: string[] = [];
    client.on("message", (data) => {
      const text = data.toString();
      this.record("client", text);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    });
    upstream.on("open", () => {
      for (const text of pending.splice(0)) upstream.send(text);
    });
    upstream.on("message", (data) => {
      const text = data.toString();
      this.record("server", text);
      if (client.readyState === WebSocket.OPEN) client.send(text);
    });
    const closeBoth = () => {
      client.close();
      upstream.close();
    };
    for (const socket of [client, upstream]) {
      socket.on("close", closeBoth);
      socket.on("error", closeBoth);
    }
  }

  private record(from: RecordedFrame["from"], text: string): void {
    const parsed: unknown = JSON.parse(text);
    for (const msg of Array.isArray(parsed) ? parsed : [parsed]) this.frames.push({ from, msg });
  }

  /** Each command the client sent, with the result it got (undefined while unanswered). */
  // biome-ignore lint/suspicious/noExplicitAny: see RecordedFrame.msg.
  exchanges(): { sent: any; answer: any }[] {
    const sent = this.frames
      .filter((f) => f.from === "client" && typeof f.msg.id === "number")
      .map((f) => f.msg);
    const answers = new Map<number, unknown>();
    for (const f of this.frames)
      if (f.from === "server" && f.msg.type === "result" && !answers.has(f.msg.id))
        answers.set(f.msg.id, f.msg);
    return sent.map((msg) => ({ sent: msg, answer: answers.get(msg.id) }));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
