import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { createLogger } from "../log/logger.js";
import { HttpServer, originFormPath } from "./server.js";

const log = createLogger({ level: "error", format: "plain", write: () => {} });
const agents: http.Agent[] = [];

afterEach(() => {
  for (const agent of agents.splice(0)) agent.destroy();
});

/** A server whose `/stream` responses stay open until `finish()` is called. */
async function streamingServer() {
  const open: http.ServerResponse[] = [];
  const server = new HttpServer(
    (req, res) => {
      if (req.url === "/stream") {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.write("first\n");
        open.push(res);
      } else res.end("ok");
    },
    { host: "127.0.0.1", port: 0, log },
  );
  const port = await server.start();
  return {
    server,
    port,
    finish: () => {
      for (const res of open.splice(0)) res.end("last\n");
    },
  };
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

/** GETs `path` on a keep-alive agent; resolves with the response and its socket once headers arrive. */
function get(port: number, path: string, agent: http.Agent) {
  return new Promise<{ res: http.IncomingMessage; socket: net.Socket }>((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent }, (res) =>
      resolve({ res, socket: req.socket as net.Socket }),
    );
    req.on("error", reject);
  });
}

describe("HttpServer.stop", () => {
  it("refuses new connections at once, and closes a busy connection as soon as its response ends", async () => {
    const { server, port, finish } = await streamingServer();
    const agent = new http.Agent({ keepAlive: true });
    agents.push(agent);
    const { res, socket } = await get(port, "/stream", agent);
    const body: string[] = [];
    res.on("data", (chunk: Buffer) => body.push(chunk.toString()));
    const socketClosed = new Promise((resolve) => socket.once("close", resolve));

    const started = Date.now();
    const stopped = server.stop(10_000);
    expect(server.listening).toBe(false);
    expect(await refused(port)).toBe(true);

    finish();
    await socketClosed;
    await stopped;
    // Long before the 10 s grace period: the connection was not left idle in keep-alive.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(body.join("")).toBe("first\nlast\n");
  });

  it("answers a request that was still being handled, then closes its connection", async () => {
    let arrived: (res: http.ServerResponse) => void = () => {};
    const handling = new Promise<http.ServerResponse>((resolve) => {
      arrived = resolve;
    });
    const server = new HttpServer((_req, res) => arrived(res), { host: "127.0.0.1", port: 0, log });
    const port = await server.start();
    const agent = new http.Agent({ keepAlive: true });
    agents.push(agent);
    const pending = get(port, "/slow", agent);
    const inProgress = await handling;

    const started = Date.now();
    const stopped = server.stop(10_000);
    inProgress.end("done");
    const { res, socket } = await pending;
    expect(res.statusCode).toBe(200);
    expect(res.headers.connection).toBe("close");
    const socketClosed = new Promise((resolve) => socket.once("close", resolve));
    res.resume();
    await socketClosed;
    await stopped;
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

/** Sends raw bytes and resolves with everything the server wrote until it closed the connection. */
function exchange(port: number, request: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => {});
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
  });
}

const upgradeTo = (target: string, extra = "") =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n${extra}\r\n`;

describe("hostile requests (issue 11, item 1)", () => {
  async function serverWithUpgrade(handler: (socket: Duplex) => void) {
    const server = new HttpServer((_req, res) => res.end("ok"), { host: "127.0.0.1", port: 0, log });
    server.onUpgrade("/ws", (_req, socket) => handler(socket));
    const port = await server.start();
    onTestFinished(() => server.stop(100));
    return port;
  }

  it("answers targets that are not a path with 400 and keeps serving", async () => {
    const port = await serverWithUpgrade((socket) => socket.destroy());
    for (const target of ["http://a:99999/", "//a:99999/", "*", "http://[::1", "ws"]) {
      expect(await exchange(port, upgradeTo(target))).toMatch(/^HTTP\/1\.1 400 /);
    }
    expect(await exchange(port, upgradeTo("/elsewhere?x=%zz"))).toMatch(/^HTTP\/1\.1 404 /);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(await res.text()).toBe("ok");
  });

  it("closes the socket when an upgrade handler throws", async () => {
    const port = await serverWithUpgrade(() => {
      throw new Error("handler bug");
    });
    expect(await exchange(port, upgradeTo("/ws"))).toBe("");
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it("survives a peer that resets an upgraded socket the handler still holds", async () => {
    let held: (socket: Duplex) => void = () => {};
    const holding = new Promise<Duplex>((resolve) => {
      held = resolve;
    });
    const port = await serverWithUpgrade((socket) => held(socket));
    const client = net.connect(port, "127.0.0.1", () => client.write(upgradeTo("/ws")));
    client.on("error", () => {});
    const socket = await holding;
    const closed = new Promise((resolve) => socket.once("close", resolve));
    client.resetAndDestroy();
    await closed;
    socket.write("late bytes to a reset peer");
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it("answers malformed requests, huge headers and garbage with Node's 4xx, never a crash", async () => {
    const port = await serverWithUpgrade((socket) => socket.destroy());
    expect(await exchange(port, "GARBAGE\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /);
    expect(await exchange(port, Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]))).toMatch(/^HTTP\/1\.1 400 /);
    expect(await exchange(port, upgradeTo("/ws", `X-Big: ${"a".repeat(20_000)}\r\n`))).toMatch(
      /^HTTP\/1\.1 431 /,
    );
    expect(await exchange(port, "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n")).toMatch(
      /^HTTP\/1\.1 400 /,
    );
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });
});

describe("originFormPath", () => {
  it("takes the path of an origin-form target and refuses every other form", () => {
    expect(originFormPath("/api/websocket?x=1#y")).toBe("/api/websocket");
    expect(originFormPath("/")).toBe("/");
    for (const target of [undefined, "", "*", "//a:99999/", "http://a:99999/"])
      expect(originFormPath(target)).toBeNull();
  });
});
