import { describe, expect, it } from "vitest";
import { toLocalInput } from "../format/time.js";
import { expiresAtOf } from "./expiry.js";

const now = Date.parse("2026-03-01T12:00:00Z");

describe("guest pass expiry", () => {
  it("turns presets into ISO times after now, and never into null", () => {
    expect(expiresAtOf("never", "", now)).toEqual({ ok: true, expiresAt: null });
    expect(expiresAtOf("1h", "", now)).toEqual({ ok: true, expiresAt: "2026-03-01T13:00:00.000Z" });
    expect(expiresAtOf("1w", "", now)).toEqual({ ok: true, expiresAt: "2026-03-08T12:00:00.000Z" });
  });

  it("accepts a custom local time in the future and refuses past or empty ones", () => {
    const later = now + 90 * 60_000;
    expect(expiresAtOf("custom", toLocalInput(later), now)).toEqual({
      ok: true,
      expiresAt: new Date(later).toISOString(),
    });
    expect(expiresAtOf("custom", toLocalInput(now - 60_000), now)).toMatchObject({ ok: false });
    expect(expiresAtOf("custom", "", now)).toMatchObject({ ok: false });
  });
});
