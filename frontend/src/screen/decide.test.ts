import type { ScreenSession } from "hasync";
import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "../api/client.js";
import { endsBeforeItOpens, inviteRefusal, nextCheckAt, viewOf } from "./decide.js";

function session(
  over: Partial<ScreenSession> = {},
  device: Partial<ScreenSession["device"]> = {},
): ScreenSession {
  return {
    device: {
      id: "d1",
      name: "Hall tablet",
      type: "tablet",
      access: "control",
      expires_at: null,
      hours: null,
      guest: false,
      ...device,
    },
    pass: "open",
    pass_changes_at: null,
    time_zone: "Europe/Berlin",
    now: new Date().toISOString(),
    ...over,
  };
}

const error = (status: number, code: string) => ({ error: new ApiError(status, code, code) });

describe("viewOf", () => {
  it("shows the dashboard, with controls only for an open pass that may control", () => {
    expect(viewOf({ session: session() })).toMatchObject({ kind: "dashboard", controls: true });
    expect(viewOf({ session: session({}, { access: "read" }) })).toMatchObject({ controls: false });
    expect(viewOf({ session: session({ pass: "read_only" }) })).toMatchObject({
      kind: "dashboard",
      controls: false,
    });
  });

  it("shows the closed screen outside a closed pass's hours", () => {
    expect(viewOf({ session: session({ pass: "closed" }) }).kind).toBe("closed");
  });

  it("goes back to pairing without a session, and ends a pass that ended", () => {
    expect(viewOf(error(401, "no_session"))).toEqual({ kind: "pair" });
    expect(viewOf(error(410, "pass_ended"))).toEqual({ kind: "ended" });
  });

  it("keeps trying while HAsync does not answer sensibly", () => {
    expect(viewOf({ error: new NetworkError() })).toEqual({ kind: "unreachable" });
    expect(viewOf(error(502, "http_error"))).toEqual({ kind: "unreachable" });
    expect(viewOf(error(429, "too_many_attempts"))).toEqual({ kind: "unreachable" });
    expect(viewOf({ error: new Error("boom") })).toEqual({ kind: "unreachable" });
  });
});

describe("nextCheckAt", () => {
  it("is the earlier of the pass's next change and its expiry, on the server's clock", () => {
    const serverNow = Date.parse("2029-12-31T09:00:00Z");
    const s = session(
      { pass_changes_at: "2030-01-01T10:00:00Z", now: new Date(serverNow).toISOString() },
      { expires_at: "2030-01-01T09:00:00Z" },
    );
    // Our clock is 5 s ahead of the server's: we look again 5 s later by ours.
    expect(nextCheckAt(s, serverNow + 5000)).toBe(Date.parse("2030-01-01T09:00:00Z") + 5000);
    expect(nextCheckAt(session(), serverNow)).toBeNull();
  });
});

describe("inviteRefusal", () => {
  it("says in words why a link did not work, and what to do", () => {
    expect(inviteRefusal(new ApiError(410, "invite_used", "")).title).toMatch(/already been used/);
    expect(inviteRefusal(new ApiError(410, "invite_expired", "")).title).toMatch(/expired/);
    expect(inviteRefusal(new ApiError(410, "invite_revoked", "")).title).toMatch(/withdrawn/);
    expect(inviteRefusal(new ApiError(404, "invite_invalid", "")).title).toMatch(/not valid/);
    expect(inviteRefusal(new ApiError(404, "not_found", "")).title).toMatch(/not valid/);
    expect(inviteRefusal(new ApiError(400, "invalid_request", "")).title).toMatch(/not valid/);
    expect(inviteRefusal(new ApiError(429, "too_many_attempts", "")).title).toMatch(/Too many/);
    expect(inviteRefusal(new NetworkError()).title).toMatch(/could not be reached/);
    for (const code of ["invite_used", "invite_expired", "invite_revoked", "invite_invalid"]) {
      expect(inviteRefusal(new ApiError(410, code, "")).text).toMatch(/link/);
    }
  });
});

describe("endsBeforeItOpens", () => {
  const end = "2026-12-01T18:00:00.000Z";
  it("is true when the next change is the pass's end, so a closed pass does not say it opens then", () => {
    expect(endsBeforeItOpens(session({ pass: "closed", pass_changes_at: end }, { expires_at: end }))).toBe(
      true,
    );
  });
  it("is false when a window opens before the end, or the pass never ends", () => {
    const opens = "2026-12-01T09:00:00.000Z";
    expect(endsBeforeItOpens(session({ pass: "closed", pass_changes_at: opens }, { expires_at: end }))).toBe(
      false,
    );
    expect(endsBeforeItOpens(session({ pass: "closed", pass_changes_at: opens }))).toBe(false);
  });
});
