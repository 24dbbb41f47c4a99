import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  abortableSleep,
  networkReason,
  parseBaseUrl,
  requestJson,
  type TransportFailure,
  webSocketUrl,
} from "./client.js";

class Failure extends Error {
  constructor(
    readonly code: TransportFailure,
    message: string,
  ) {
    super(message);
  }
}
const fail = (code: TransportFailure, message: string) => new Failure(code, message);

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A plain HTTP server on 127.0.0.1 port 0 (transport behaviour only, no HAsync or HA API). */
async function serve(handler: http.RequestListener): Promise<URL> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
}

async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Failure);
  return error as Failure;
}

describe("URLs", () => {
  it("gives the base a trailing slash so paths resolve under a prefix", () => {
    expect(parseBaseUrl("http://h:8099").href).toBe("http://h:8099/");
    expect(new URL("api/states", parseBaseUrl("https://h/prefix?x=1#y")).href).toBe(
      "https://h/prefix/api/states",
    );
    expect(webSocketUrl(parseBaseUrl("http://h:8099"), "api/websocket").href).toBe(
      "ws://h:8099/api/websocket",
    );
    expect(webSocketUrl(parseBaseUrl("https://h/p/"), "api/websocket").href).toBe("wss://h/p/api/websocket");
  });

  it("rejects what is not an http(s) URL", () => {
    expect(() => parseBaseUrl("homeassistant.local:8099")).toThrow(TypeError);
    expect(() => parseBaseUrl("ws://h:8099")).toThrow(/not an http\(s\) URL/);
    expect(() => parseBaseUrl("")).toThrow(/not a URL/);
  });
});

describe("abortableSleep", () => {
  it("waits, and rejects at once when aborted", async () => {
    const t0 = performance.now();
    await abortableSleep(20);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
    await expect(abortableSleep(10, controller.signal)).rejects.toThrow("stop");
  });
});

describe("requestJson", () => {
  it("returns the status and the parsed body, or undefined for a body that is not JSON", async () => {
    const base = await serve((req, res) => {
      res.writeHead(req.url === "/json" ? 418 : 200).end(req.url === "/json" ? '{"a":1}' : "<html>");
    });
    expect(await requestJson(new URL("json", base), {}, {}, fail)).toEqual({ status: 418, body: { a: 1 } });
    expect(await requestJson(new URL("html", base), {}, {}, fail)).toEqual({ status: 200, body: undefined });
  });

  it("times out on a server that never answers", async () => {
    const base = await serve(() => undefined);
    const error = await failureOf(requestJson(base, {}, { timeoutMs: 100 }, fail));
    expect(error.code).toBe("timeout");
    expect(error.message).toBe(`${base.origin} did not answer within 0.1 s`);
  });

  it("reports a closed port as unreachable, with the reason in words", async () => {
    const base = await serve(() => undefined);
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    const error = await failureOf(requestJson(base, {}, {}, fail));
    expect(error).toMatchObject({
      code: "unreachable",
      message: `cannot reach ${base.origin}: connection refused`,
    });
  });

  it("stops when the caller aborts, before or during the request", async () => {
    const base = await serve(() => undefined);
    const controller = new AbortController();
    const pending = requestJson(base, {}, { signal: controller.signal }, fail);
    setTimeout(() => controller.abort(), 20);
    expect((await failureOf(pending)).code).toBe("aborted");
    expect((await failureOf(requestJson(base, {}, { signal: controller.signal }, fail))).code).toBe(
      "aborted",
    );
  });

  it("names the network reason from fetch's cause or a socket error's code", () => {
    expect(
      networkReason(Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } })),
    ).toBe("unknown host");
    expect(networkReason(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBe("connection reset");
    expect(networkReason(new Error("plain"))).toBe("plain");
  });
});
