import { describe, expect, it } from "vitest";
import { isInvitePage, secretOf } from "./invite.js";

describe("invite links", () => {
  it("recognises the invite page under the document base", () => {
    expect(isInvitePage("/invite", "http://tablet.lan:8099/")).toBe(true);
    expect(isInvitePage("/", "http://tablet.lan:8099/")).toBe(false);
    expect(isInvitePage("/admin/invite", "http://tablet.lan:8099/")).toBe(false);
  });

  it("reads the secret from the fragment", () => {
    expect(secretOf("#hsi_abc-DEF_123")).toBe("hsi_abc-DEF_123");
    expect(secretOf("hsi_abc")).toBe("hsi_abc");
    expect(secretOf("")).toBe("");
    expect(secretOf("#%zz")).toBe("%zz");
  });
});
