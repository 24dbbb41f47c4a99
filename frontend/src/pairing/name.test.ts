import { DeviceNameSchema } from "hasync";
import { describe, expect, it } from "vitest";
import { nameProblem } from "./name.js";

describe("device names", () => {
  it("agrees with the contract's DeviceNameSchema", () => {
    for (const name of [
      "Kitchen tablet",
      "  ",
      "",
      "Küche 🍳",
      "x".repeat(64),
      "x".repeat(65),
      "🍳".repeat(64),
    ]) {
      expect(nameProblem(name) === undefined).toBe(DeviceNameSchema.safeParse(name).success);
    }
  });

  it("says what is wrong in words", () => {
    expect(nameProblem("")).toMatch(/Give the device a name/);
    expect(nameProblem("x".repeat(70))).toMatch(/at most 64 characters \(this name has 70\)/);
  });
});
