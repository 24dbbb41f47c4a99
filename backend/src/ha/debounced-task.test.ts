import { describe, expect, it } from "vitest";
import { DebouncedTask } from "./debounced-task.js";

describe("DebouncedTask", () => {
  it("hands a failing run to onError, and its promise resolves: nothing is left unhandled", async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const task = new DebouncedTask(
      async () => {
        runs += 1;
        throw new Error(`run ${runs} failed`);
      },
      1,
      (error) => errors.push(error),
    );
    await expect(task.runNow()).resolves.toBeUndefined();
    task.schedule();
    await new Promise<void>((resolve) => {
      const poll = () => (errors.length === 2 ? resolve() : setTimeout(poll, 1));
      poll();
    });
    expect(errors.map((error) => (error as Error).message)).toEqual(["run 1 failed", "run 2 failed"]);
  });

  it("queues exactly one more run when scheduled during a run", async () => {
    let release: () => void = () => {};
    let runs = 0;
    const task = new DebouncedTask(
      () => {
        runs += 1;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
      1,
      () => {},
    );
    const first = task.runNow();
    const second = task.runNow();
    const third = task.runNow();
    release();
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await Promise.all([first, second, third]);
    expect(runs).toBe(2);
  });
});
