import net, { type AddressInfo } from "node:net";
import {
  type Device,
  type DeviceCodeResponse,
  PairingError,
  type PairOptions,
  pair,
  requestDeviceCode,
  type Scope,
  waitForApproval,
} from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoHomeAssistant } from "../simulator/index.js";
import { startTestServer, type TestServer } from "../test-support/harness.js";
import { adminPost, INGRESS_ADMIN, rejectionOf } from "../test-support/pairing.js";
import { MAX_PENDING_PER_ADDRESS } from "./pending-room.js";

/**
 * The `hasync` SDK as the device, against the real server: real HTTP on 127.0.0.1, real SQLite.
 * The server's clock is fake and the SDK's `sleep` moves it, so a 10-minute expiry takes no time.
 */
let clock = Date.parse("2026-11-27T12:00:00Z");
let server: TestServer;
let demo: DemoHomeAssistant;

beforeAll(async () => {
  server = await startTestServer({ env: { HASYNC_INGRESS_PEER: "127.0.0.1" }, now: () => clock });
  demo = new DemoHomeAssistant({ driftIntervalMs: 0 });
  await demo.start();
});
afterAll(async () => {
  await server.close();
  await demo.stop();
});

const KITCHEN: Partial<Scope> = {
  areas: ["kitchen"],
  entities: ["sensor.outdoor_temperature"],
  access: "control",
};

/**
 * A device whose waits move the server clock by what the SDK asked for (or by `advance`, to
 * poll early), after running the admin's `act` for that round. Records every wait it was asked for.
 */
function device(script: {
  act?: (round: number, codes: DeviceCodeResponse) => Promise<void>;
  advance?: (round: number, ms: number) => number;
}) {
  const sleeps: number[] = [];
  let codes: DeviceCodeResponse | undefined;
  const onCode = (c: DeviceCodeResponse) => {
    codes = c;
  };
  const sleep: NonNullable<PairOptions["sleep"]> = async (ms) => {
    sleeps.push(ms);
    if (codes === undefined) throw new Error("sleep before onCode");
    await script.act?.(sleeps.length, codes);
    clock += script.advance?.(sleeps.length, ms) ?? ms;
  };
  return { sleeps, onCode, sleep, codes: () => codes };
}

async function approve(codes: DeviceCodeResponse, scope: Partial<Scope> = KITCHEN): Promise<Device> {
  const res = await adminPost(server.url, "/pairing/approve", { user_code: codes.user_code, scope });
  expect(res.status).toBe(201);
  return (await res.json()) as Device;
}

/** A URL nothing listens on: a port that was just free. */
async function closedPortUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const pairingError = (promise: Promise<unknown>) => rejectionOf(promise, PairingError);

describe("pair() against the real server", () => {
  it("waits while pending and resolves with the token, device id and scope the admin approved", async () => {
    let approved: Device | undefined;
    const d = device({
      act: async (round, codes) => {
        if (round === 2) approved = await approve(codes);
      },
    });
    const token = await pair(server.url, { name: "SDK tablet", type: "tablet", model: "Fire HD" }, d.onCode, {
      sleep: d.sleep,
    });
    expect(d.sleeps).toEqual([5000, 5000]);
    expect(d.codes()).toMatchObject({ expires_in: 600, interval: 5 });
    expect(token).toMatchObject({ token_type: "Bearer", device_id: approved?.id });
    expect(token.access_token).toMatch(/^hasync_[A-Za-z0-9_-]{43}$/);
    expect(token.scope).toEqual({
      areas: ["kitchen"],
      entities: ["sensor.outdoor_temperature"],
      exclude: [],
      access: "control",
    });
    const res = await fetch(`${server.url}/api/v1/admin/devices/${token.device_id}`, {
      headers: INGRESS_ADMIN,
    });
    expect(await res.json()).toMatchObject({ name: "SDK tablet", type: "tablet", model: "Fire HD" });
    expect(server.hasync.devices.authenticate(token.access_token, "127.0.0.1")?.id).toBe(token.device_id);
  });

  it("stops with access_denied when the admin denies", async () => {
    const d = device({
      act: async (round, codes) => {
        if (round !== 1) return;
        const res = await adminPost(server.url, "/pairing/deny", { user_code: codes.user_code });
        expect(res.status).toBe(204);
      },
    });
    const error = await pairingError(pair(server.url, { name: "Denied" }, d.onCode, { sleep: d.sleep }));
    expect(error.code).toBe("access_denied");
    expect(error.message).toBe("An admin denied this device.");
    expect(d.sleeps).toEqual([5000]);
  });

  it("stops with expired_token when nobody decides within expires_in", async () => {
    const d = device({ advance: (round) => (round === 3 ? 601_000 : 5000) });
    const error = await pairingError(pair(server.url, { name: "Forgotten" }, d.onCode, { sleep: d.sleep }));
    expect(error.code).toBe("expired_token");
    expect(d.sleeps).toHaveLength(3);
    const late = await adminPost(server.url, "/pairing/approve", {
      user_code: d.codes()?.user_code,
      scope: {},
    });
    expect(late.status).toBe(404);
  });

  it("adds 5 s to its interval after slow_down, for the rest of the flow", async () => {
    // Round 2: the device's own clock runs fast and it polls after 1 s instead of 5.
    const d = device({
      advance: (round, ms) => (round === 2 ? 1000 : ms),
      act: async (round, codes) => {
        if (round === 4) await approve(codes);
      },
    });
    const token = await pair(server.url, { name: "Hasty" }, d.onCode, { sleep: d.sleep });
    expect(d.sleeps).toEqual([5000, 5000, 10_000, 10_000]);
    expect(token.token_type).toBe("Bearer");
  });

  it("hands the token over once: collecting again gives invalid_grant", async () => {
    const codes = await requestDeviceCode(server.url, { name: "Twice" });
    await approve(codes);
    const sleep = async (ms: number) => {
      clock += ms;
    };
    const first = await waitForApproval(server.url, codes, { sleep });
    expect(first.access_token).toMatch(/^hasync_/);
    const error = await pairingError(waitForApproval(server.url, codes, { sleep }));
    expect(error.code).toBe("invalid_grant");
  });

  it("stops with aborted, at once, when the caller aborts while it waits", async () => {
    const controller = new AbortController();
    let shownAt = 0;
    const pairing = pair(
      server.url,
      { name: "Abandoned" },
      () => {
        shownAt = performance.now();
        setTimeout(() => controller.abort(), 20);
      },
      { signal: controller.signal },
    );
    const error = await pairingError(pairing);
    expect(error).toMatchObject({ code: "aborted", message: "pairing cancelled" });
    expect(performance.now() - shownAt).toBeLessThan(1000);
    await expect(
      pair(server.url, { name: "x" }, () => undefined, { signal: controller.signal }),
    ).rejects.toThrow("pairing cancelled");
  });

  it("reports bad input, a server that is not HAsync and an unreachable one", async () => {
    const tooLong = await pairingError(requestDeviceCode(server.url, { name: "x".repeat(65) }));
    expect(tooLong.code).toBe("invalid_request");
    expect(tooLong.message).toMatch(/name/);
    const notHasync = await pairingError(requestDeviceCode(demo.url, { name: "x" }));
    expect(notHasync).toMatchObject({ code: "bad_response" });
    expect(notHasync.message).toContain("is not a HAsync server (HTTP 401");
    const closed = await closedPortUrl();
    const down = await pairingError(requestDeviceCode(closed, { name: "x" }));
    expect(down).toMatchObject({
      code: "unreachable",
      message: `cannot reach ${closed}: connection refused`,
    });
  });
});

describe("waitForApproval() bounds", () => {
  it("gives up with expired_token after expires_in even if the server never says so", async () => {
    const codes = await requestDeviceCode(server.url, { name: "Frozen clock" });
    const sleeps: number[] = [];
    // The server's clock stands still, so every poll after the first is too early: slow_down.
    const error = await pairingError(
      waitForApproval(server.url, codes, { sleep: async (ms) => void sleeps.push(ms) }),
    );
    expect(error.code).toBe("expired_token");
    expect(sleeps.slice(0, 4)).toEqual([5000, 5000, 10_000, 15_000]);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThan(600_000);
  });

  it("gives up with unreachable after three failed polls in a row", async () => {
    const fresh = await startTestServer({ now: () => clock });
    const codes = await requestDeviceCode(fresh.url, { name: "Orphan" });
    await fresh.close();
    const sleeps: number[] = [];
    const error = await pairingError(
      waitForApproval(fresh.url, codes, { sleep: async (ms) => void sleeps.push(ms) }),
    );
    expect(error).toMatchObject({
      code: "unreachable",
      message: `lost contact with ${fresh.url} while waiting for approval`,
    });
    expect(sleeps).toEqual([5000, 5000, 5000]);
  });
});

describe("pair() when rate limited", () => {
  it("says when to try again after too many pairing requests from one address", async () => {
    const fresh = await startTestServer({ now: () => clock });
    try {
      const codes = [];
      for (let i = 0; i < MAX_PENDING_PER_ADDRESS; i++) {
        codes.push(await requestDeviceCode(fresh.url, { name: `Tablet ${i}` }));
      }
      expect(new Set(codes.map((c) => c.user_code)).size).toBe(MAX_PENDING_PER_ADDRESS);
      const error = await pairingError(pair(fresh.url, { name: "One too many" }, () => undefined));
      expect(error.code).toBe("rate_limited");
      expect(error.retryAfterS).toBeGreaterThan(0);
      expect(error.message).toBe(`too many pairing requests: try again in ${error.retryAfterS} s`);
    } finally {
      await fresh.close();
    }
  });
});
