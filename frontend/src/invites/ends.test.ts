import { describe, expect, it } from "vitest";
import { toLocalInput } from "../format/time.js";
import { END_PRESETS, passEndOf } from "./ends.js";

// Mid-afternoon local time, whatever zone the tests run in.
const now = new Date(2026, 2, 10, 15, 30).getTime();
const local = (iso: string) => new Date(iso);

describe("when a guest's access ends", () => {
  it("has no 'never': a guest pass always ends", () => {
    expect(END_PRESETS.map((p) => p.id)).not.toContain("never");
  });

  it("ends tonight and tomorrow at local midnight", () => {
    const tonight = passEndOf({ choice: "tonight", custom: "" }, now);
    if (!tonight.ok) throw new Error(tonight.problem);
    const t = local(tonight.expiresAt);
    expect([t.getDate(), t.getHours(), t.getMinutes()]).toEqual([11, 0, 0]);
    const tomorrow = passEndOf({ choice: "tomorrow", custom: "" }, now);
    if (!tomorrow.ok) throw new Error(tomorrow.problem);
    const m = local(tomorrow.expiresAt);
    expect([m.getDate(), m.getHours(), m.getMinutes()]).toEqual([12, 0, 0]);
  });

  it("counts whole days from now for 3 days, a week and 30 days", () => {
    expect(passEndOf({ choice: "3d", custom: "" }, now)).toEqual({
      ok: true,
      expiresAt: new Date(now + 3 * 86_400_000).toISOString(),
    });
    expect(passEndOf({ choice: "1w", custom: "" }, now)).toEqual({
      ok: true,
      expiresAt: new Date(now + 7 * 86_400_000).toISOString(),
    });
    expect(passEndOf({ choice: "30d", custom: "" }, now)).toMatchObject({ ok: true });
  });

  it("takes a custom local time in the future and refuses a past or empty one", () => {
    const later = now + 5 * 3_600_000;
    expect(passEndOf({ choice: "custom", custom: toLocalInput(later) }, now)).toEqual({
      ok: true,
      expiresAt: new Date(later).toISOString(),
    });
    expect(passEndOf({ choice: "custom", custom: toLocalInput(now - 60_000) }, now)).toMatchObject({
      ok: false,
    });
    expect(passEndOf({ choice: "custom", custom: "" }, now)).toMatchObject({ ok: false });
  });
});
