import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import {
  expectStillServing,
  type HostileTarget,
  rawExchange,
  startHostileTarget,
} from "../test-support/hostile.js";

/**
 * Malformed HTTP against the real composition (issue 11, item 1): every request target, header
 * and handshake ends in an HTTP error or a closed socket, never a 5xx or an exit.
 */
let target: HostileTarget;
let port: number;

beforeAll(async () => {
  target = await startHostileTarget();
  port = target.server.port;
});

afterAll(async () => {
  await target.close();
});

const upgrade = (path: string, headers = "Connection: Upgrade\r\nUpgrade: websocket\r\n") =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`;
const handshake =
  "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

/** The status code of an HTTP answer, or null when the server closed without one. */
const statusOf = (answer: string) => {
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(answer);
  return match ? Number(match[1]) : null;
};

const REQUESTS: Array<[string, string | Buffer]> = [
  ["absolute-form target with a bad port, upgrading", upgrade("http://a:99999/")],
  ["authority-like target with a bad port, upgrading", upgrade("//a:99999/")],
  [
    "absolute-form target with a bad port",
    "GET http://a:99999/ HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
  ],
  ["authority-like target", "GET //a:99999/api/ HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"],
  ["asterisk target, upgrading", upgrade("*")],
  ["upgrade without a key", upgrade("/api/websocket")],
  ["upgrade with a bad version", upgrade("/api/websocket", handshake.replace("13", "99"))],
  ["upgrade with a bad key", upgrade("/api/websocket", handshake.replace(/Key: .*/, "Key: x"))],
  ["upgrade to another protocol", upgrade("/api/websocket", "Connection: Upgrade\r\nUpgrade: h2c\r\n")],
  ["upgrade with a POST", `POST /api/websocket HTTP/1.1\r\nHost: a\r\n${handshake}\r\n`],
  ["upgrade elsewhere", upgrade("/api/v1/events", handshake)],
  ["huge header", `GET /health HTTP/1.1\r\nHost: a\r\nX-Big: ${"a".repeat(64 * 1024)}\r\n\r\n`],
  ["huge upgrade header", upgrade("/api/websocket", `${handshake}X-Big: ${"b".repeat(64 * 1024)}\r\n`)],
  ["garbage", "\u0016\u0003\u0001garbage that is not HTTP\r\n\r\n"],
  ["binary noise", Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256))],
  ["bad content length", "POST /api/v1/auth/login HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"],
  [
    "both transfer-encoding and content-length",
    "POST /api/v1/auth/login HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
  ],
  ["bad chunk", "POST /api/v1/auth/login HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"],
  [
    "bad percent-encoding",
    `GET /api/states/%E0%A4%A HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer x\r\nConnection: close\r\n\r\n`,
  ],
  [
    "bad percent-encoding in /api/v1",
    "GET /api/v1/admin/devices/%ff HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
  ],
  ["HTTP/0.9", "GET /health\r\n\r\n"],
  ["bad method", "BREW /health HTTP/1.1\r\nHost: a\r\n\r\n"],
];

describe("malformed HTTP", () => {
  it.each(REQUESTS)("%s: an answer below 500 or a closed socket", async (_name, request) => {
    // Some are answered as ordinary requests (HTTP/0.9 is still HTTP to Node): never a 5xx.
    const status = statusOf(await rawExchange(port, request));
    if (status !== null) expect(status).toBeLessThan(500);
  });

  it("survives half-open requests and peers that vanish mid-handshake", async () => {
    const { default: net } = await import("node:net");
    const closed: Array<Promise<unknown>> = [];
    for (const partial of [
      "GET /hea",
      upgrade("/api/websocket", handshake).slice(0, 60),
      upgrade("/api/websocket", handshake),
    ]) {
      const socket = net.connect(port, "127.0.0.1");
      socket.on("error", () => {});
      closed.push(new Promise((resolve) => socket.once("close", resolve)));
      socket.once("connect", () => {
        socket.write(partial);
        socket.resetAndDestroy();
      });
    }
    // A peer that half-closes mid-request is left to the headers timeout; it must not matter.
    const ended = net.connect(port, "127.0.0.1");
    ended.on("error", () => {});
    ended.once("connect", () => ended.end(upgrade("/api/websocket", handshake).slice(0, 40)));
    onTestFinished(() => {
      ended.destroy();
    });
    await Promise.all(closed);
  });

  it("still serves /health and the paired device afterwards", async () => {
    await expectStillServing(target);
  });
});
