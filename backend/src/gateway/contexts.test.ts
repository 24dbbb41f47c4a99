import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/**
 * Contexts name Home Assistant users (homeassistant/core.py `Context`): a device sees a user id
 * only when a person in its scope has it, or when the context is its own call's, as its own id.
 */

type Message = Record<string, unknown>;
interface Context {
  id: string;
  parent_id: string | null;
  user_id: string | null;
}

/** The demo's `person.alex` (simulator/home-entities.ts). */
const ALEX = "8f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f";
const LIGHT = "light.kitchen_spots";

let fx: GatewayFixture;
/** The gateway's clock, moved by the test that outlives a call's memory. */
let clock = Date.now();
const tokens: Record<"caller" | "other" | "alex", string> = { caller: "", other: "", alex: "" };

beforeAll(async () => {
  fx = await startGatewayFixture({ now: () => clock });
  tokens.caller = (await fx.pair({ areas: ["kitchen"], access: "control" }, "Caller")).token;
  tokens.other = (await fx.pair({ areas: ["kitchen"] }, "Other")).token;
  tokens.alex = (await fx.pair({ areas: ["kitchen"], entities: ["person.alex"] }, "Sees Alex")).token;
});
afterAll(async () => {
  await fx?.close();
});

/** A device socket with state_changed and subscribe_entities open on the light. */
async function watcher(token: string): Promise<RawHaClient> {
  const client = await RawHaClient.authenticated(fx.url, token);
  client.send({ id: 1, type: "subscribe_events", event_type: "state_changed" });
  client.send({ id: 2, type: "subscribe_entities", entity_ids: [LIGHT] });
  await client.reply(1);
  await client.reply(2);
  await client.waitFor((m) => m.id === 2 && m.type === "event");
  return client;
}

const event = (m: Message) => m.event as Message;
const stateChangedWith = (contextId: string) => (m: Message) =>
  m.id === 1 &&
  ((event(m).data as Message)?.new_state as Message | undefined)?.context !== undefined &&
  (((event(m).data as Message).new_state as Message).context as Context).id === contextId;
const entitiesChange = (m: Message) =>
  m.id === 2 && (event(m).c as Message | undefined)?.[LIGHT] !== undefined;

async function stateChangedContexts(client: RawHaClient, contextId: string) {
  const frame = event(await client.waitFor(stateChangedWith(contextId)));
  return {
    event: frame.context as Context,
    state: ((frame.data as Message).new_state as Message).context as Context,
  };
}

/** The `c` a subscribe_entities diff carries (a bare id when it has no user or parent). */
async function entitiesContext(client: RawHaClient): Promise<unknown> {
  const frame = event(await client.waitFor(entitiesChange));
  return (((frame.c as Message)[LIGHT] as Message)["+"] as Message).c;
}

async function getStatesContext(client: RawHaClient, id: number): Promise<Context> {
  client.send({ id, type: "get_states" });
  const states = (await client.reply(id)).result as Message[];
  return states.find((state) => state.entity_id === LIGHT)?.context as Context;
}

async function restContext(token: string): Promise<Context> {
  const response = await fetch(`${fx.url}/api/states/${LIGHT}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as Message).context as Context;
}

async function callTurnOn(client: RawHaClient, id: number, brightness: number): Promise<Context> {
  client.send({
    id,
    type: "call_service",
    domain: "light",
    service: "turn_on",
    service_data: { brightness },
    target: { entity_id: LIGHT },
  });
  const answer = await client.reply(id);
  expect(answer.success).toBe(true);
  return (answer.result as { context: Context }).context;
}

async function currentUserId(client: RawHaClient, id: number): Promise<string> {
  client.send({ id, type: "auth/current_user" });
  return ((await client.reply(id)).result as Message).id as string;
}

describe("a context naming a Home Assistant user", () => {
  it("reaches only a device whose scope has that user's person, on every surface", async () => {
    const other = await watcher(tokens.other);
    const alex = await watcher(tokens.alex);
    const direct = await RawHaClient.authenticated(fx.ha.url, fx.ha.token);
    const context = { id: "01KALEXSWITCHEDTHEKITCHEN1", parent_id: null, user_id: ALEX };
    fx.ha.setState(LIGHT, "on", { friendly_name: "Kitchen Spots", brightness: 91 }, context);

    // Directly, HA names the user: the test is about that id.
    expect((await getStatesContext(direct, 1)).user_id).toBe(ALEX);
    const anonymous = { ...context, user_id: null };
    expect(await stateChangedContexts(other, context.id)).toEqual({ event: anonymous, state: anonymous });
    expect(await entitiesContext(other)).toBe(context.id);
    expect(await getStatesContext(other, 10)).toEqual(anonymous);
    expect(await restContext(tokens.other)).toEqual(anonymous);

    expect(await stateChangedContexts(alex, context.id)).toEqual({ event: context, state: context });
    expect(await entitiesContext(alex)).toEqual({ id: context.id, user_id: ALEX });
    expect(await getStatesContext(alex, 10)).toEqual(context);
    expect(await restContext(tokens.alex)).toEqual(context);
    for (const client of [other, alex, direct]) client.close();
  });
});

describe("a device's own service call", () => {
  it("carries the device's own user id for it, and no user for anyone else", async () => {
    const caller = await watcher(tokens.caller);
    const other = await watcher(tokens.other);
    const alex = await watcher(tokens.alex);
    const own = await currentUserId(caller, 5);
    const context = await callTurnOn(caller, 6, 42);
    expect(context.user_id).toBe(own);

    const mine = { ...context, user_id: own };
    expect(await stateChangedContexts(caller, context.id)).toEqual({ event: mine, state: mine });
    expect(await entitiesContext(caller)).toMatchObject({ id: context.id, user_id: own });
    expect(await getStatesContext(caller, 10)).toEqual(mine);
    expect(await restContext(tokens.caller)).toEqual(mine);

    // HAsync's own HA user is no one's person: every other device sees no user.
    const anonymous = { ...context, user_id: null };
    for (const [client, token] of [
      [other, tokens.other],
      [alex, tokens.alex],
    ] as const) {
      expect(await stateChangedContexts(client, context.id)).toEqual({ event: anonymous, state: anonymous });
      expect(await getStatesContext(client, 10)).toEqual(anonymous);
      expect(await restContext(token)).toEqual(anonymous);
    }
    for (const client of [caller, other, alex]) client.close();
  });

  it("over REST, answers the changed states with the device's own user id", async () => {
    const headers = { Authorization: `Bearer ${tokens.caller}`, "Content-Type": "application/json" };
    const response = await fetch(`${fx.url}/api/services/light/turn_on`, {
      method: "POST",
      headers,
      body: JSON.stringify({ entity_id: LIGHT, brightness: 17 }),
    });
    const changed = (await response.json()) as Message[];
    const caller = await RawHaClient.authenticated(fx.url, tokens.caller);
    const own = await currentUserId(caller, 1);
    caller.close();
    const light = changed.find((state) => state.entity_id === LIGHT) ?? {};
    const context = light.context as Context;
    expect(context.user_id).toBe(own);
    expect(await restContext(tokens.other)).toEqual({ ...context, user_id: null });
  });

  it("is forgotten after its time: the state then names no user, not HAsync's", async () => {
    const caller = await RawHaClient.authenticated(fx.url, tokens.caller);
    const own = await currentUserId(caller, 1);
    const context = await callTurnOn(caller, 2, 63);
    expect(await getStatesContext(caller, 3)).toEqual({ ...context, user_id: own });
    clock += 11 * 60_000;
    expect(await getStatesContext(caller, 4)).toEqual({ ...context, user_id: null });
    caller.close();
  });
});

describe("a person's user id", () => {
  it("is followed as it changes: the new id is shown, the old one no longer", async () => {
    const person = (await (
      await fetch(`${fx.ha.url}/api/states/person.alex`, {
        headers: { Authorization: `Bearer ${fx.ha.token}` },
      })
    ).json()) as Message;
    const attributes = person.attributes as Message;
    const renamed = "0123456789abcdef0123456789abcdef";
    fx.ha.setState("person.alex", "home", { ...attributes, user_id: renamed });
    const byRenamed = { id: "01KRENAMEDUSERSWITCHED0001", parent_id: null, user_id: renamed };
    fx.ha.setState(LIGHT, "off", undefined, byRenamed);
    await expect.poll(() => restContext(tokens.alex)).toEqual(byRenamed);
    expect(await restContext(tokens.other)).toEqual({ ...byRenamed, user_id: null });
    const byAlex = { id: "01KOLDUSERIDSWITCHEDLIGHT1", parent_id: null, user_id: ALEX };
    fx.ha.setState(LIGHT, "on", undefined, byAlex);
    await expect.poll(() => restContext(tokens.alex)).toEqual({ ...byAlex, user_id: null });
    fx.ha.setState("person.alex", "home", attributes);
  });
});
