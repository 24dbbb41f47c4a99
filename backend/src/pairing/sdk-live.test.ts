import net, { type AddressInfo } from "node:net";
import { DeviceApiError, type EntitiesUpdate, getStates, TOKEN_REJECTED, watchEntities } from "hasync";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DemoHomeAssistant } from "../simulator/index.js";
import { rejectionOf } from "../test-support/pairing.js";

/**
 * The SDK's device API (`getStates`, `watchEntities`) speaks Home Assistant's own REST and
 * WebSocket protocol, so it is tested against the demo Home Assistant (the one fake at the edge,
 * speaking HA's real protocol) on 127.0.0.1.
 */
let demo: DemoHomeAssistant;
beforeAll(async () => {
  demo = new DemoHomeAssistant({ driftIntervalMs: 0 });
  await demo.start();
});
afterAll(() => demo.stop());

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const errorOf = (promise: Promise<unknown>) => rejectionOf(promise, DeviceApiError);

async function closedPortUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** Collects updates and lets a test wait for the next one that matches. */
function recorder() {
  const updates: EntitiesUpdate[] = [];
  const waiters: Array<{ match: (u: EntitiesUpdate) => boolean; resolve: (u: EntitiesUpdate) => void }> = [];
  const onChange = (update: EntitiesUpdate) => {
    const copy = { ...update, changes: [...update.changes], states: new Map(update.states) };
    updates.push(copy);
    for (const w of waiters.splice(0)) {
      if (w.match(copy)) w.resolve(copy);
      else waiters.push(w);
    }
  };
  const next = (match: (u: EntitiesUpdate) => boolean, ms = 3000) =>
    new Promise<EntitiesUpdate>((resolve, reject) => {
      const found = updates.find(match);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error("no matching update in time")), ms);
      const done = (u: EntitiesUpdate) => {
        clearTimeout(timer);
        resolve(u);
      };
      waiters.push({ match, resolve: done });
    });
  return { updates, onChange, next };
}

describe("getStates", () => {
  it("returns HA's states, validated", async () => {
    const states = await getStates(demo.url, demo.token);
    expect(states.length).toBe(demo.entityCount);
    const spots = states.find((s) => s.entity_id === "light.kitchen_spots");
    expect(spots?.attributes.friendly_name).toBe("Kitchen Spots");
    expect(spots?.context.id).toEqual(expect.any(String));
  });

  it("says the token was rejected on 401, and names an unreachable server", async () => {
    const rejected = await errorOf(getStates(demo.url, "not-the-token"));
    expect(rejected).toMatchObject({ code: "token_rejected", message: TOKEN_REJECTED });
    const closed = await closedPortUrl();
    const down = await errorOf(getStates(closed, demo.token));
    expect(down).toMatchObject({
      code: "unreachable",
      message: `cannot reach ${closed}: connection refused`,
    });
  });
});

describe("watchEntities", () => {
  it("delivers every state first, then each change expanded from compressed events, until closed", async () => {
    const r = recorder();
    const watch = watchEntities(demo.url, demo.token, r.onChange);
    stops.push(() => watch.close());
    await watch.ready;
    const [initial] = r.updates;
    expect(initial?.initial).toBe(true);
    expect(initial?.states.size).toBe(demo.entityCount);
    expect(initial?.changes.every((c) => c.before === null && c.after !== null)).toBe(true);
    const before = initial?.states.get("light.kitchen_spots");

    demo.setState("light.kitchen_spots", before?.state === "on" ? "off" : "on", {
      friendly_name: "Spots",
      x: 1,
    });
    const changed = await r.next(
      (u) => !u.initial && u.changes.some((c) => c.entity_id === "light.kitchen_spots"),
    );
    const change = changed.changes.find((c) => c.entity_id === "light.kitchen_spots");
    expect(change?.before).toEqual(before);
    expect(change?.after).toMatchObject({ state: before?.state === "on" ? "off" : "on" });
    expect(change?.after?.attributes).toEqual({ friendly_name: "Spots", x: 1 });
    expect(changed.initial).toBe(false);

    demo.removeEntity("switch.coffee_maker");
    const removed = await r.next(
      (u) => !u.initial && u.changes.some((c) => c.entity_id === "switch.coffee_maker"),
    );
    expect(removed.changes.find((c) => c.entity_id === "switch.coffee_maker")?.after).toBeNull();
    expect(removed.states.has("switch.coffee_maker")).toBe(false);

    watch.close();
    await expect(watch.closed).resolves.toBeUndefined();
  });

  it("watches only the entities asked for", async () => {
    const r = recorder();
    const watch = watchEntities(demo.url, demo.token, r.onChange, {
      entityIds: ["sun.sun", "lock.front_door"],
    });
    stops.push(() => watch.close());
    await watch.ready;
    expect([...(r.updates[0]?.states.keys() ?? [])].sort()).toEqual(["lock.front_door", "sun.sun"]);
  });

  it("rejects with token_rejected on auth_invalid", async () => {
    const watch = watchEntities(demo.url, "wrong", () => undefined);
    expect(await errorOf(watch.ready)).toMatchObject({ code: "token_rejected", message: TOKEN_REJECTED });
    expect((await errorOf(watch.closed)).code).toBe("token_rejected");
  });

  it("ends with connection_closed when the server drops it, and unreachable when it is not there", async () => {
    const watch = watchEntities(demo.url, demo.token, () => undefined);
    await watch.ready;
    demo.dropConnections();
    const dropped = await errorOf(watch.closed);
    expect(dropped).toMatchObject({ code: "connection_closed", message: "connection lost" });

    const closed = await closedPortUrl();
    const down = watchEntities(closed, demo.token, () => undefined);
    expect(await errorOf(down.ready)).toMatchObject({
      code: "unreachable",
      message: `cannot reach ${closed}: connection refused`,
    });
  });

  it("times out on a server that accepts and never speaks, and stops on abort", async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    stops.push(() => silent.close());
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const slow = watchEntities(url, demo.token, () => undefined, { timeoutMs: 200 });
    expect((await errorOf(slow.ready)).code).toBe("timeout");

    const controller = new AbortController();
    const watch = watchEntities(demo.url, demo.token, () => undefined, { signal: controller.signal });
    await watch.ready;
    controller.abort();
    await expect(watch.closed).resolves.toBeUndefined();
  });

  it("ends with the error a throwing onChange raised", async () => {
    const watch = watchEntities(demo.url, demo.token, () => {
      throw new Error("consumer bug");
    });
    await expect(watch.closed).rejects.toThrow("consumer bug");
  });
});
