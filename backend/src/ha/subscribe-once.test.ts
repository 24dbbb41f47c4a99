import { afterEach, describe, expect, it } from "vitest";
import { DemoHomeAssistant } from "../simulator/index.js";
import { FAST_TIMINGS, TEST_TOKEN, waitFor } from "../test-support/ha-link.js";
import { memoryLogger } from "../test-support/harness.js";
import { HaConnection } from "./connection.js";
import * as messages from "./messages.js";
import type { HaCommandError } from "./types.js";

/** `HaConnection.subscribeOnce`: the one-socket subscriptions a device's history or logbook stream uses. */

const LIGHT = "light.living_room_ceiling";
let ha: DemoHomeAssistant | undefined;
let connection: HaConnection | undefined;
afterEach(async () => {
  await connection?.stop();
  await ha?.stop();
  connection = undefined;
  ha = undefined;
});

async function connect(): Promise<{ ha: DemoHomeAssistant; connection: HaConnection }> {
  ha = new DemoHomeAssistant({ port: 0, token: TEST_TOKEN, driftIntervalMs: 0 });
  await ha.start();
  const { log } = memoryLogger();
  connection = new HaConnection({
    url: `${ha.url.replace(/^http/, "ws")}/api/websocket`,
    token: TEST_TOKEN,
    log,
    timings: FAST_TIMINGS,
  });
  const ready = new Promise<string>((resolve) => connection?.on("ready", resolve));
  connection.start();
  await ready;
  return { ha, connection };
}

const stream = () => ({
  type: "history/stream",
  start_time: new Date(Date.now() - 60_000).toISOString(),
  entity_ids: [LIGHT],
});

function open(connection: HaConnection, message: messages.HaOutgoing) {
  const events: unknown[] = [];
  const results: Array<Error | null> = [];
  const subscription = connection.subscribeOnce(
    message,
    (event) => events.push(event),
    (error) => results.push(error),
  );
  return { events, results, subscription };
}

const mentions = (events: unknown[], text: string) => events.filter((e) => JSON.stringify(e).includes(text));

describe("HaConnection.subscribeOnce", () => {
  it("delivers HA's stream, and after unsubscribe HA stops sending it", async () => {
    const { ha, connection } = await connect();
    const { events, results, subscription } = open(connection, stream());
    await waitFor(() => results.length === 1 && events.length === 1, 10_000, "the result and history block");
    expect(results).toEqual([null]);
    ha.setState(LIGHT, "off");
    ha.setState(LIGHT, "on");
    await waitFor(() => mentions(events, '"s":"on"').length > 0, 10_000, "a live change");
    subscription.unsubscribe();
    // HA answers in order: once this ping is back, its unsubscribe_events is done.
    await connection.sendCommand(messages.ping());
    const before = events.length;
    ha.setState(LIGHT, "off");
    await connection.sendCommand(messages.ping());
    expect(events.length).toBe(before);
    expect(results).toEqual([null]);
  });

  it("tells connection_lost when HA goes, and is not sent again after the reconnect", async () => {
    const { ha, connection } = await connect();
    const { events, results } = open(connection, stream());
    await waitFor(() => results.length === 1, 10_000, "the subscribe's result");
    const reconnected = new Promise<string>((resolve) => connection.on("ready", resolve));
    ha.dropConnections();
    await waitFor(() => results.length === 2, 10_000, "the loss");
    expect((results[1] as HaCommandError).code).toBe("connection_lost");
    await reconnected;
    const before = events.length;
    ha.setState(LIGHT, "off");
    ha.setState(LIGHT, "on");
    await connection.sendCommand(messages.ping());
    expect(events.length).toBe(before);
  });

  it("hands on HA's refusal, and not_connected while HA is away", async () => {
    const { connection } = await connect();
    const refused = open(connection, { ...stream(), start_time: "not a time" });
    await waitFor(() => refused.results.length === 1, 10_000, "the refusal");
    expect(refused.results[0]).toMatchObject({ code: "invalid_start_time", message: "Invalid start_time" });
    await connection.stop();
    const away = open(connection, stream());
    expect(away.results).toEqual([]);
    await waitFor(() => away.results.length === 1, 10_000, "not_connected");
    expect((away.results[0] as HaCommandError).code).toBe("not_connected");
  });
});
