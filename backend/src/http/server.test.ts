import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../log/logger.js";
import { HttpServer } from "./server.js";

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
