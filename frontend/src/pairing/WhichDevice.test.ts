import type { PendingPairing } from "hasync";
import { describe, expect, it } from "vitest";
import { codeHint } from "./WhichDevice.js";

const request: PendingPairing = {
  user_code: "ACDE-FGHJ",
  name: "Kitchen tablet",
  type: "tablet",
  model: null,
  ip: "192.0.2.4",
  created_at: "2026-03-01T12:00:00Z",
  expires_at: "2026-03-01T12:10:00Z",
  age_s: 3,
  client_id: null,
};

describe("the hint under the code field", () => {
  it("guides from empty to a match, and explains a code nobody is waiting with", () => {
    expect(codeHint("", null, undefined, true)).toMatch(/Eight letters and digits/);
    expect(codeHint("ACD", null, undefined, true)).toMatch(/not a complete pairing code/);
    expect(codeHint("AC0O", null, undefined, true)).toMatch(/cannot be a pairing code/);
    expect(codeHint("acdefghj", "ACDE-FGHJ", request, true)).toBe(
      "Code matches “Kitchen tablet”. Check that the device shows ACDE-FGHJ.",
    );
    expect(codeHint("ACDE-FGHK", "ACDE-FGHK", undefined, false)).toBe("Looking for the device…");
    expect(codeHint("ACDE-FGHK", "ACDE-FGHK", undefined, true)).toMatch(
      /No device is waiting with ACDE-FGHK/,
    );
  });
});
