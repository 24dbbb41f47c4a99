import { USER_CODE_ALPHABET as CONTRACT_ALPHABET, UserCodeSchema } from "hasync";
import { describe, expect, it } from "vitest";
import { couldBeUserCode, normalizeUserCode, USER_CODE_ALPHABET } from "./code.js";

describe("the pairing code as typed by the admin", () => {
  it("uses the contract's alphabet", () => {
    expect(USER_CODE_ALPHABET).toBe(CONTRACT_ALPHABET);
  });

  it("agrees with the contract's schema on every kind of input", () => {
    const inputs = [
      "acde-fghj",
      " ACDE FGHJ ",
      "ACDEFGHJ",
      "ACDE-FGH",
      "ACDE-FGHJK",
      "OOOO-0000",
      "ac de-fg hj",
      "",
    ];
    for (const input of inputs) {
      const parsed = UserCodeSchema.safeParse(input);
      expect(normalizeUserCode(input)).toBe(parsed.success ? parsed.data : null);
    }
  });

  it("tells partial input that can still become a code from input that cannot", () => {
    expect(couldBeUserCode("acd")).toBe(true);
    expect(couldBeUserCode("ACDE-")).toBe(true);
    expect(couldBeUserCode("ACDE-FGHJ")).toBe(true);
    expect(couldBeUserCode("ACD0")).toBe(false);
    expect(couldBeUserCode("ACDE-FGHJ-K")).toBe(false);
  });
});
