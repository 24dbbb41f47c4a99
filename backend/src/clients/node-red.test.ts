import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeRedHost } from "../test-support/node-red.js";
import { eventsAll, IN_SCOPE, OUT_OF_SCOPE, proofFlows } from "../test-support/node-red-flows.js";
import { STARTUP_MS, STEP_MS, setUpNodeRedProof } from "../test-support/node-red-proof.js";

/**
 * The proof of issue 12 with Node-RED 4 and node-red-contrib-home-assistant-websocket 0.80: the same
 * flows, deployed through Node-RED's admin API, run once "directly" against the demo HA (the
 * reference: the flows are right) and once through HAsync with a device token (the house is smaller).
 * What the palette sends on the wire: node-red-wire.test.ts.
 */

const proof = setUpNodeRedProof();
const { cases } = proof;
let fx: ReturnType<typeof proof.fx>;
beforeAll(() => {
  fx = proof.fx();
});

/**
 * Changes a value every 250 ms until Node-RED reports it: a "nodes" deploy gives no signal when the
 * palette's new subscription is live, so the first change after it is the signal. Bounded.
 */
async function driveUntil(
  red: NodeRedHost,
  change: (value: string) => void,
  seen: (value: string) => boolean,
  what: string,
): Promise<void> {
  const values: string[] = [];
  const next = () => {
    const value = `${values.length + 1000}.25`;
    values.push(value);
    change(value);
  };
  next();
  const timer = setInterval(next, 250);
  try {
    await red.until(() => values.some(seen), what, STEP_MS - 5000);
  } finally {
    clearInterval(timer);
  }
}

describe.each(cases)("Node-RED's HA palette $name", ({ target, visible, wholeHouse }) => {
  let red: NodeRedHost;
  let round = 0;
  const powers: string[] = [];
  const setPower = (value: string) => {
    powers.push(value);
    fx.ha.setState(IN_SCOPE, value);
  };
  const fresh = (prefix: string) => `${prefix}-${Date.now()}-${++round}`;
  const stateOf = (entityId: string, value: string) =>
    red.messages("state").some((m) => m.topic === entityId && m.payload === value);

  beforeAll(async () => {
    red = await NodeRedHost.start();
    await red.deploy(proofFlows(target()));
  }, STARTUP_MS);

  afterAll(async () => {
    await red?.stop();
  });

  it("connects, and its state cache holds exactly what the token may see", {
    timeout: STARTUP_MS,
  }, async () => {
    const expected = visible();
    const seen = () => new Set(red.messages("state").map((m) => m.topic as string));
    await red.until(
      () => expected.every((id) => seen().has(id)),
      "the initial output of every visible entity",
      STARTUP_MS - 5000,
    );
    expect([...seen()].sort()).toEqual(expected);
    expect(seen().has(OUT_OF_SCOPE)).toBe(wholeHouse);
  });

  it("events: state sees live changes, of the scope only", { timeout: STEP_MS }, async () => {
    const power = `${100 + round}.5`;
    const lock = fresh("lock");
    fx.ha.setState(OUT_OF_SCOPE, lock);
    setPower(power);
    await red.until(() => stateOf(IN_SCOPE, power), "the in-scope change");
    if (wholeHouse) await red.until(() => stateOf(OUT_OF_SCOPE, lock), "the out-of-scope change");
    else expect(red.messages("state").some((m) => m.topic === OUT_OF_SCOPE)).toBe(false);
  });

  it("current state answers in scope; out of scope it is not found", { timeout: STEP_MS }, async () => {
    const power = `${200 + round}.5`;
    setPower(power);
    await red.until(() => stateOf(IN_SCOPE, power), "the change to reach the cache");
    await red.inject("ask-in");
    await red.until(
      () => red.messages("current").some((m) => m.topic === IN_SCOPE),
      "current state (in scope)",
    );
    expect(red.messages("current").find((m) => m.topic === IN_SCOPE)?.payload).toBe(power);
    await red.inject("ask-out");
    if (wholeHouse) {
      await red.until(
        () => red.messages("current").some((m) => m.topic === OUT_OF_SCOPE),
        "current state (out)",
      );
    } else {
      await red.until(() => errorsOf("current-out").length > 0, "current state's error (out of scope)");
      expect(errorsOf("current-out")[0]?.message).toMatch(/not be found/);
    }
  });

  const errorsOf = (nodeId: string) =>
    red
      .messages("errors")
      .filter((m) => m.error?.source?.id === nodeId)
      .map((m) => m.error);

  it("an action in scope reaches HA; out of scope it is refused and never sent", {
    timeout: STEP_MS,
  }, async () => {
    const before = fx.ha.serviceCalls.length;
    await red.inject("call-in");
    await red.until(() => red.messages("called").some((m) => m.topic === "action-in"), "the in-scope action");
    expect(fx.ha.serviceCalls.slice(before)).toEqual([
      expect.objectContaining({ domain: "light", service: "turn_on" }),
    ]);
    expect(JSON.stringify(fx.ha.serviceCalls.at(-1))).toContain("light.kitchen_spots");
    await red.inject("call-out");
    if (wholeHouse) {
      await red.until(
        () => red.messages("called").some((m) => m.topic === "action-out"),
        "the out-of-scope action",
      );
      expect(fx.ha.serviceCalls.at(-1)).toMatchObject({ domain: "lock", service: "unlock" });
    } else {
      await red.until(() => errorsOf("action-out").length > 0, "the refusal");
      expect(errorsOf("action-out")[0]?.message).toMatch(/unauthorized|not allowed|Unauthorized/i);
      expect(fx.ha.serviceCalls.slice(before).map((c) => c.domain)).toEqual(["light"]);
    }
  });

  it("get history (REST) returns the in-scope entity's changes; out of scope, nothing", {
    timeout: STEP_MS,
  }, async () => {
    const answer = (topic: string) => red.messages("history").find((m) => m.topic === topic)?.payload;
    const failed = () => red.messages("errors").filter((m) => m.error?.source?.id?.startsWith("get-history"));
    for (const id of ["history-in", "history-out"]) await red.inject(id);
    await red.until(
      () => (answer("history-in") && answer("history-out")) || failed().length > 0,
      "both histories",
    );
    expect(failed()).toEqual([]);
    const states = (topic: string) => (answer(topic) as { state: string }[]).map((s) => s.state);
    // The values the live-change tests set, as the recorder kept them.
    expect(states("history-in")).toEqual(expect.arrayContaining(powers));
    if (wholeHouse) expect(states("history-out").length).toBeGreaterThan(0);
    else expect(answer("history-out")).toEqual([]);
  });

  it("an events: all node receives events, and events: state keeps working beside it", {
    timeout: STEP_MS,
  }, async () => {
    await red.deploy([...proofFlows(target()), ...eventsAll()], "nodes");
    // The palette answers "all events" by dropping its state_changed subscription (Websocket.js
    // subscribeEvents "__ALL__"), so a change seen now arrived on the all-events subscription.
    const events = () => red.messages("all").filter((m) => m.topic === "state_changed");
    const seenByAll = (id: string, value: string) =>
      events().some((m) => m.payload?.entity_id === id && m.payload?.event?.new_state?.state === value);
    await driveUntil(
      red,
      (value) => fx.ha.setState(IN_SCOPE, value),
      (value) => seenByAll(IN_SCOPE, value),
      "the all-events node's first state_changed",
    );
    const power = `${400 + round}.5`;
    const lock = fresh("lock");
    fx.ha.setState(OUT_OF_SCOPE, lock);
    setPower(power);
    await red.until(
      () => seenByAll(IN_SCOPE, power) && stateOf(IN_SCOPE, power),
      "both nodes to see the change",
    );
    if (wholeHouse) await red.until(() => seenByAll(OUT_OF_SCOPE, lock), "the out-of-scope event");
    else expect(events().some((m) => JSON.stringify(m).includes(OUT_OF_SCOPE))).toBe(false);
  });

  it("Node-RED is still up: no crash, no unhandled rejection, its admin API answers", async () => {
    expect(red.crash, red.crash && red.describeDeath()).toBeUndefined();
    expect(red.alive).toBe(true);
    expect((await fetch(`${red.url}/flows`)).status).toBe(200);
    // The only errors Node-RED logged are the ones the flows provoked (caught and checked above).
    const errors = red.log.split("\n").filter((line) => line.includes("[error]"));
    const provoked = wholeHouse ? [] : ["[api-current-state:current-out]", "[api-call-service:action-out]"];
    expect(
      errors.filter((line) => !provoked.some((node) => line.includes(node))),
      red.log,
    ).toEqual([]);
    expect(red.log).not.toContain(target().token);
  });
});
