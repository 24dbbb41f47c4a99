import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HaStatus } from "../ha/types.js";
import { memoryLogger, tempDir } from "../test-support/harness.js";
import { FrontendFetchError } from "./fetch-file.js";
import { HaFrontend } from "./service.js";
import type { InterfaceSettingsStore } from "./settings.js";

/** A stand-in for HA's HTTP side that misbehaves on purpose, counting what it was asked. */
class Origin {
  readonly hits = new Map<string, number>();
  /** Requests held until `release()`, to see concurrent askers share one fetch. */
  private held: Array<() => void> = [];
  hold = false;
  private server: http.Server | undefined;
  url = "";

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      const at = req.url ?? "/";
      this.hits.set(at, (this.hits.get(at) ?? 0) + 1);
      const answer = () => this.answer(at, res);
      if (this.hold) this.held.push(answer);
      else answer();
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  release(): void {
    this.hold = false;
    for (const answer of this.held.splice(0)) answer();
  }

  async waitForHeld(n: number): Promise<void> {
    await expect.poll(() => this.held.length).toBe(n);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private answer(at: string, res: http.ServerResponse): void {
    const misbehaving = MISBEHAVIOURS[at];
    if (misbehaving) {
      misbehaving(res);
      return;
    }
    const body = `/* ${at} */`;
    res.writeHead(200, { ...JS_HEADERS, "Content-Length": Buffer.byteLength(body) }).end(body);
  }
}

const JS_HEADERS = { "Content-Type": "text/javascript", "Cache-Control": "public, max-age=2678400" };

const MISBEHAVIOURS: Record<string, (res: http.ServerResponse) => void> = {
  "/static/missing.js": (res) => res.writeHead(404).end("404: Not Found"),
  "/static/declared-huge.js": (res) => {
    res.writeHead(200, { ...JS_HEADERS, "Content-Length": 10_000_000 }).write("x");
  },
  "/static/streamed-huge.js": (res) => {
    res.writeHead(200, JS_HEADERS);
    const chunk = Buffer.alloc(64 * 1024, 120);
    const push = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once("drain", push);
    };
    push();
  },
  // Headers, then a body that never ends: only the time limit stops it.
  "/static/stalled.js": (res) => {
    res.writeHead(200, JS_HEADERS).write("partial");
  },
  // No headers at all.
  "/static/silent.js": () => undefined,
};

const connected = (version: string | null): HaStatus => ({
  state: "connected",
  mode: "url",
  url: "",
  ha_version: version,
  connected: true,
  last_error: null,
  connected_since: null,
  entity_count: 0,
  area_count: 0,
});

const origin = new Origin();
beforeAll(() => origin.start());
afterAll(() => origin.stop());

function frontendFor(version: { current: string | null }, limits = {}) {
  const cacheDir = path.join(tempDir(), "ha-frontend");
  const settings = {
    get: () => ({ device_interface: "home_assistant" }),
  } as unknown as InterfaceSettingsStore;
  const frontend = new HaFrontend({
    origin: origin.url,
    ha: { status: () => connected(version.current) },
    settings,
    cacheDir,
    log: memoryLogger().log,
    limits: { maxFileBytes: 64 * 1024, timeoutMs: 15_000, ...limits },
  });
  return { frontend, cacheDir };
}

async function failureOf(promise: Promise<unknown>): Promise<FrontendFetchError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FrontendFetchError);
  return error as FrontendFetchError;
}

describe("HA's built files, fetched and kept per HA version", () => {
  beforeEach(() => origin.hits.clear());

  it("fetches a file once and then answers from disk", async () => {
    const { frontend } = frontendFor({ current: "1.0" });
    const first = await frontend.file("1.0", "/static/a.js");
    const second = await frontend.file("1.0", "/static/a.js");
    expect(second).toEqual(first);
    expect(first.body.toString()).toBe("/* /static/a.js */");
    expect(first.headers).toEqual({
      "content-type": "text/javascript",
      "cache-control": "public, max-age=2678400",
    });
    expect(origin.hits.get("/static/a.js")).toBe(1);
  });

  it("lets concurrent requests for one file share one fetch", async () => {
    const { frontend } = frontendFor({ current: "1.0" });
    origin.hold = true;
    const asks = Array.from({ length: 8 }, () => frontend.file("1.0", "/static/shared.js"));
    await origin.waitForHeld(1);
    origin.release();
    const answers = await Promise.all(asks);
    expect(new Set(answers.map((a) => a.body.toString()))).toEqual(new Set(["/* /static/shared.js */"]));
    expect(origin.hits.get("/static/shared.js")).toBe(1);
  });

  it("drops the old version's folder when the version changes, and refetches", async () => {
    const { frontend, cacheDir } = frontendFor({ current: "1.0" });
    await frontend.file("1.0", "/static/b.js");
    fs.writeFileSync(path.join(cacheDir, "stray.txt"), "left over");
    await frontend.file("2.0", "/static/b.js");
    expect(fs.readdirSync(cacheDir)).toEqual(["2.0"]);
    expect(origin.hits.get("/static/b.js")).toBe(2);
  });

  it("never keeps an error: HA's 404 is asked again next time", async () => {
    const { frontend, cacheDir } = frontendFor({ current: "1.0" });
    for (let i = 0; i < 2; i++) {
      const error = await failureOf(frontend.file("1.0", "/static/missing.js"));
      expect([error.reason, error.status]).toEqual(["status", 404]);
    }
    expect(origin.hits.get("/static/missing.js")).toBe(2);
    expect(fs.readdirSync(path.join(cacheDir, "1.0"))).toEqual([]);
  });

  it("bounds each file: a declared or streamed size over the cap, headers or body past the time limit", async () => {
    const { frontend: sized, cacheDir } = frontendFor({ current: "1.0" });
    expect((await failureOf(sized.file("1.0", "/static/declared-huge.js"))).reason).toBe("too_large");
    expect((await failureOf(sized.file("1.0", "/static/streamed-huge.js"))).reason).toBe("too_large");
    // A short time limit: what it stops never ends by itself, so how loaded the machine is does not matter.
    const { frontend, cacheDir: shortDir } = frontendFor({ current: "1.0" }, { timeoutMs: 300 });
    expect((await failureOf(frontend.file("1.0", "/static/stalled.js"))).reason).toBe("timeout");
    expect((await failureOf(frontend.file("1.0", "/static/silent.js"))).reason).toBe("timeout");
    expect(fs.readdirSync(path.join(cacheDir, "1.0"))).toEqual([]);
    expect(fs.readdirSync(path.join(shortDir, "1.0"))).toEqual([]);
  });

  it("serves files over the total cap without keeping them", async () => {
    const { frontend, cacheDir } = frontendFor({ current: "1.0" }, { maxCacheBytes: 1200 });
    for (const name of ["c1", "c2", "c3", "c4"]) await frontend.file("1.0", `/static/${name}.js`);
    const kept = fs.readdirSync(path.join(cacheDir, "1.0")).filter((f) => f.endsWith(".body"));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(4);
    const last = await frontend.file("1.0", "/static/c4.js");
    expect(last.body.toString()).toBe("/* /static/c4.js */");
    expect(origin.hits.get("/static/c4.js")).toBe(2);
  });

  it("says HA's interface is unavailable without a version, or when HA cannot be reached", async () => {
    expect(frontendFor({ current: null }).frontend.availability()).toEqual({
      ok: false,
      reason: expect.stringContaining("did not say its version"),
    });
    const away = new HaFrontend({
      origin: "http://127.0.0.1:1",
      ha: { status: () => connected("1.0") },
      settings: { get: () => ({ device_interface: "hasync" }) } as unknown as InterfaceSettingsStore,
      cacheDir: tempDir(),
      log: memoryLogger().log,
    });
    expect((await away.status()).ha_frontend).toEqual({
      available: false,
      version: null,
      reason: expect.stringContaining("could not be reached"),
    });
  });
});
