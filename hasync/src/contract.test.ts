import { describe, expect, it } from "vitest";
import { ErrorEnvelopeSchema, HealthResponseSchema } from "./index.js";

describe("contract schemas", () => {
  it("accepts a well-formed error envelope and keeps extra fields", () => {
    const parsed = ErrorEnvelopeSchema.parse({
      error: { code: "too_many_attempts", message: "Slow down", retry_after_s: 30 },
    });
    expect(parsed.error.retry_after_s).toBe(30);
  });

  it("rejects an error envelope without a message", () => {
    expect(ErrorEnvelopeSchema.safeParse({ error: { code: "x" } }).success).toBe(false);
  });

  it("rejects a health response with a negative uptime", () => {
    const bad = { status: "ok", version: "1", uptime_s: -1, checks: { database: "ok" } };
    expect(HealthResponseSchema.safeParse(bad).success).toBe(false);
  });
});
