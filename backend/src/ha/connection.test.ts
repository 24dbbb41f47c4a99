import { afterEach, describe, expect, it } from "vitest";
import { DemoHomeAssistant } from "../simulator/index.js";
import { FAST_TIMINGS, TEST_TOKEN, waitFor } from "../test-support/ha-link.js";
import { memoryLogger } from "../test-support/harness.js";
import { HaConnection } from "./connection.js";
import * as messages from "./messages.js";
import { HaCommandError } from "./types.js";

let ha: DemoHomeAssistant | undefined;
let connection: HaConnection | undefined;
afterEach(async () => {
  await connection?.stop();
  await ha?.stop();
  connection = undefined;
  ha = undefined;
});

async function connect(): Promise<{ ha: DemoHomeAssistant; connection: HaConnection; lines: string[] }> {
  ha = new DemoHomeAssistant({ port: 0, token: TEST_TOKEN, driftIntervalMs: 0 });
  await ha.start();
  const { log, lines } = memoryLogger();
  connection = new HaConnection({
    url: `${ha.url.replace(/^http/, "ws")}/api/websocket`,
    token: TEST_TOKEN,
    log,
    timings: FAST_TIMINGS,
  });
  const ready = new Promise<string>((resolve) => connection?.on("ready", resolve));
  connection.start();
  await ready;
  return { ha, connection, lines };
}

describe("HaConnection", () => {
  it("authenticates, reports HA's version and answers commands", async () => {
    const { connection } = await connect();
    expect(connection.haVersion).toBe("2026.11.3");
    const states = await connection.sendCommand<unknown[]>(messages.getStates());
    expect(states.length).toBeGreaterThanOrEqual(30);
    await expect(connection.sendCommand(messages.ping())).resolves.toBeUndefined();
  });

  it("rejects a command JSON cannot encode at once, leaving nothing in flight (issue 11, item 2)", async () => {
    const { connection } = await connect();
    // HA answers in order: once this pong is in, the supported_features sent at login is settled.
    await connection.sendCommand(messages.ping());
    expect(connection.inFlightCount).toBe(0);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    const request = messages.callService({ domain: "light", service: "turn_on", service_data: deep });
    // Through a promise chain, so a synchronous throw (the old behaviour) is seen as a wrong error.
    const error = await Promise.resolve()
      .then(() => connection.sendCommand(request))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HaCommandError);
    expect((error as HaCommandError).code).toBe("invalid_format");
    // No timer left to reject unhandled once the command timeout passes.
    expect(connection.inFlightCount).toBe(0);
    await expect(connection.sendCommand(messages.ping())).resolves.toBeUndefined();
    expect(connection.inFlightCount).toBe(0);
  });

  it("rejects commands while disconnected instead of queueing them", async () => {
    const { connection } = await connect();
    await connection.stop();
    const error = await connection.sendCommand(messages.getStates()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HaCommandError);
    expect((error as HaCommandError).code).toBe("not_connected");
  });

  it("reads coalesced array frames and stops delivering after unsubscribe", async () => {
    const { ha, connection, lines } = await connect();
    const events: unknown[] = [];
    let subscribed: (error: Error | null) => void = () => {};
    const done = new Promise<Error | null>((resolve) => {
      subscribed = resolve;
    });
    const subscription = connection.subscribe(
      messages.subscribeEvents("hasync_test"),
      (e) => events.push(e),
      (e) => subscribed(e),
    );
    expect(await done).toBeNull();
    // supported_features took id 1, so this subscription is id 2.
    ha.sendRawToAll(JSON.stringify([2, 3].map((n) => ({ id: 2, type: "event", event: { n } }))));
    await waitFor(() => events.length === 2, 10_000, "both events of the array frame");
    expect(events).toEqual([{ n: 2 }, { n: 3 }]);

    subscription.unsubscribe();
    ha.sendRawToAll(JSON.stringify({ id: 2, type: "event", event: { n: 4 } }));
    await connection.sendCommand(messages.ping());
    expect(events).toHaveLength(2);
    expect(lines.some((l) => l.includes("skipped"))).toBe(false);
  });
});
