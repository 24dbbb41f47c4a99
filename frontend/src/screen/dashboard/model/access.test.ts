import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { APPROVAL_HINT_MS, followCall, tileAccess } from "./access.js";

describe("tileAccess", () => {
  const access = { "lock.front_door": "confirm", "light.porch": "read" } as const;

  it("follows the session's entity_access, else the scope's control", () => {
    expect(tileAccess("lock.front_door", true, access)).toBe("confirm");
    expect(tileAccess("light.porch", true, access)).toBe("read");
    expect(tileAccess("light.kitchen", true, access)).toBe("control");
    expect(tileAccess("light.kitchen", true, undefined)).toBe("control");
  });

  it("controls nothing on a read-only scope or pass, whatever an entity's own access", () => {
    expect(tileAccess("lock.front_door", false, access)).toBe("read");
    expect(tileAccess("light.kitchen", false, { "light.kitchen": "control" })).toBe("read");
  });
});

/** A call the test answers when it likes. */
function deferred() {
  let resolve: () => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("followCall", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const follow = (call: Promise<unknown>, asksFirst: boolean) => {
    const seen: string[] = [];
    const stop = followCall(call, asksFirst, {
      waiting: () => seen.push("waiting"),
      settled: () => seen.push("settled"),
    });
    return { seen, stop };
  };

  it("says a held call is waiting once it has gone unanswered for a second, then that it ended", async () => {
    const call = deferred();
    const { seen } = follow(call.promise, true);
    await vi.advanceTimersByTimeAsync(APPROVAL_HINT_MS - 1);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual(["waiting"]);
    call.resolve();
    await vi.runAllTimersAsync();
    expect(seen).toEqual(["waiting", "settled"]);
  });

  it("ends a declined call as it ends an allowed one (the refusal is the tile's error)", async () => {
    const call = deferred();
    const { seen } = follow(call.promise, true);
    await vi.advanceTimersByTimeAsync(APPROVAL_HINT_MS);
    call.reject({ code: "home_assistant_error", message: "The admin declined." });
    await vi.runAllTimersAsync();
    expect(seen).toEqual(["waiting", "settled"]);
  });

  it("says nothing of waiting for a call answered within the second, or on an entity that does not ask", async () => {
    const quick = deferred();
    const answered = follow(quick.promise, true);
    quick.resolve();
    await vi.runAllTimersAsync();
    expect(answered.seen).toEqual(["settled"]);
    const slow = deferred();
    const plain = follow(slow.promise, false);
    await vi.advanceTimersByTimeAsync(APPROVAL_HINT_MS * 5);
    slow.resolve();
    await vi.runAllTimersAsync();
    expect(plain.seen).toEqual(["settled"]);
  });

  it("stops at once when the tile goes away", async () => {
    const call = deferred();
    const { seen, stop } = follow(call.promise, true);
    stop();
    await vi.advanceTimersByTimeAsync(APPROVAL_HINT_MS);
    call.resolve();
    await vi.runAllTimersAsync();
    expect(seen).toEqual([]);
  });
});
