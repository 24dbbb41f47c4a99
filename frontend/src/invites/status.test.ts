import { type Invite, MAX_INVITE_USES } from "hasync";
import { describe, expect, it } from "vitest";
import {
  canRevoke,
  MAX_USES,
  notifyLabel,
  revokeWarning,
  STATUS_WORDS,
  sortInvites,
  upsertInvite,
  usesInWords,
  usesProblem,
} from "./status.js";

const invite = (over: Partial<Invite> = {}): Invite => ({
  id: "i1",
  name: "Anna’s phone",
  scope: { areas: ["garden"], entities: [], exclude: [], access: "read" },
  expires_at: "2026-03-08T12:00:00.000Z",
  hours: null,
  max_uses: 1,
  uses: 0,
  created_at: "2026-03-01T12:00:00.000Z",
  created_by: "anna",
  status: "active",
  device_ids: [],
  ...over,
});

describe("invites in words", () => {
  it("agrees with the contract's use limit", () => {
    expect(MAX_USES).toBe(MAX_INVITE_USES);
  });

  it("takes a whole number of uses from 1 to the limit", () => {
    expect(usesProblem("1")).toBeUndefined();
    expect(usesProblem("20")).toBeUndefined();
    for (const bad of ["", "0", "21", "1.5", "two", "-1"]) expect(usesProblem(bad), bad).toMatch(/1 to 20/);
  });

  it("names every status and counts uses", () => {
    for (const status of ["active", "used", "expired", "revoked"] as const) {
      expect(STATUS_WORDS[status].label).toMatch(/^[A-Z]/);
    }
    expect(usesInWords(invite())).toBe("0 of 1 used");
    expect(usesInWords(invite({ uses: 2, max_uses: 5 }))).toBe("2 of 5 used");
  });

  it("offers revoking only where it still changes something", () => {
    expect(canRevoke(invite())).toBe(true);
    expect(canRevoke(invite({ status: "used", device_ids: ["d1"] }))).toBe(true);
    expect(canRevoke(invite({ status: "used", device_ids: [] }))).toBe(false);
    expect(canRevoke(invite({ status: "expired", device_ids: ["d1"] }))).toBe(false);
    expect(canRevoke(invite({ status: "revoked" }))).toBe(false);
  });

  it("warns that revoking disconnects the devices made from the link, by name", () => {
    const names = new Map([
      ["d1", "Anna’s phone"],
      ["d2", "Anna’s phone 2"],
    ]);
    expect(revokeWarning(invite(), names)).toBe("The link stops working at once. No device has used it yet.");
    expect(revokeWarning(invite({ device_ids: ["d1"] }), names)).toBe(
      "The link stops working at once. It also disconnects the device made from it (“Anna’s phone”): it is revoked and must be invited again.",
    );
    expect(revokeWarning(invite({ device_ids: ["d1", "d2", "dx"] }), names)).toContain(
      "the 3 devices made from it (“Anna’s phone”, “Anna’s phone 2” and “a device”)",
    );
  });

  it("names notify services by the phone, not HA's generic description", () => {
    expect(
      notifyLabel({
        service: "notify.mobile_app_alex_phone",
        name: "Send a notification via mobile_app_alex_phone",
      }),
    ).toBe("mobile_app_alex_phone");
    expect(notifyLabel({ service: "notify.family", name: "Family group" })).toBe("Family group");
    expect(notifyLabel({ service: "notify.family", name: "" })).toBe("family");
  });

  it("lists live invites first, newest first, and replaces by id", () => {
    const old = invite({ id: "a", created_at: "2026-03-01T00:00:00Z" });
    const recent = invite({ id: "b", created_at: "2026-03-02T00:00:00Z" });
    const revoked = invite({ id: "c", status: "revoked", created_at: "2026-03-03T00:00:00Z" });
    expect(sortInvites([revoked, old, recent]).map((i) => i.id)).toEqual(["b", "a", "c"]);
    expect(upsertInvite([old, recent], { ...old, status: "revoked" }).map((i) => [i.id, i.status])).toEqual([
      ["b", "active"],
      ["a", "revoked"],
    ]);
  });
});
