import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../gateway/handlers.js";
import type { Kind } from "../gateway/validate.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { expectStillServing, type HostileTarget, startHostileTarget } from "../test-support/hostile.js";

/**
 * Every command the gateway answers, fed what its schema does not allow: each key of the wrong
 * type, each required key missing, an unknown key. Driven by the gateway's own table, so a
 * command added later is covered without anyone remembering to add it here. Each must get HA's
 * `invalid_format` (voluptuous's wording), never `unknown_error`, a stack trace or a closed socket.
 */
const WRONG: Readonly<Record<Kind, unknown>> = {
  string: 42,
  integer: "1",
  number: "1",
  boolean: "yes",
  object: [],
  array: {},
  string_list: [1],
  entity_ids: { entity_id: "light.x" },
  any: undefined,
};

interface Probe {
  command: string;
  what: string;
  message: Record<string, unknown>;
}

/** A value of the right kind, so one bad key at a time is what the command sees. */
const RIGHT: Readonly<Record<Kind, unknown>> = {
  string: "x",
  integer: 1,
  number: 1,
  boolean: true,
  object: {},
  array: [],
  string_list: ["x"],
  entity_ids: ["light.x"],
  any: null,
};

function probes(): Probe[] {
  const list: Probe[] = [];
  for (const [command, { schema }] of COMMANDS) {
    const required = schema.required ?? {};
    const optional = schema.optional ?? {};
    const valid = Object.fromEntries(Object.entries(required).map(([key, kind]) => [key, RIGHT[kind]]));
    list.push({ command, what: "an unknown key", message: { ...valid, no_such_key: 1 } });
    for (const key of Object.keys(required)) {
      const { [key]: _dropped, ...rest } = valid;
      list.push({ command, what: `no ${key}`, message: rest });
    }
    for (const [key, kind] of Object.entries({ ...required, ...optional })) {
      if (WRONG[kind] === undefined) continue;
      list.push({ command, what: `${key} of the wrong type`, message: { ...valid, [key]: WRONG[kind] } });
    }
  }
  return list;
}

let target: HostileTarget;

beforeAll(async () => {
  target = await startHostileTarget();
});

afterAll(async () => {
  await target.close();
});

describe("every gateway command against its schema", () => {
  it("answers each malformed command invalid_format and keeps the socket", async () => {
    const all = probes();
    expect(all.length).toBeGreaterThan(COMMANDS.size);
    const client = await RawHaClient.authenticated(target.server.url, target.token);
    try {
      for (const [index, probe] of all.entries()) {
        const id = index + 1;
        client.send({ ...probe.message, id, type: probe.command });
        const reply = await client.reply(id);
        expect({ probe: `${probe.command}: ${probe.what}`, reply }).toMatchObject({
          reply: { success: false, error: { code: "invalid_format" } },
        });
        expect(JSON.stringify(reply)).not.toMatch(/\bat .*\.(ts|js):\d+/);
      }
      client.send({ id: all.length + 1, type: "ping" });
      expect(await client.reply(all.length + 1)).toEqual({ id: all.length + 1, type: "pong" });
    } finally {
      client.close();
    }
    await expectStillServing(target);
  });
});
