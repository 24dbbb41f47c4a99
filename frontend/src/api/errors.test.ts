import { ERROR_CODES } from "hasync";
import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "./client.js";
import { describeError, waitInWords } from "./errors.js";

describe("API errors in words", () => {
  it("has a sentence for every error code of the contract, never the code itself", () => {
    for (const code of ERROR_CODES) {
      const text = describeError(new ApiError(400, code, "raw server text"));
      expect(text).not.toContain(code);
      expect(text).toMatch(/^[A-Z].*[.]$/);
    }
  });

  it("says how long to wait after too many attempts", () => {
    expect(describeError(new ApiError(429, "too_many_attempts", "x", 90))).toBe(
      "Too many failed attempts. Wait 2 minutes before trying again.",
    );
    expect(describeError(new ApiError(429, "too_many_attempts", "x", 1))).toContain("Wait 1 second ");
    expect(describeError(new ApiError(429, "too_many_attempts", "x"))).toContain("Wait a while");
  });

  it("keeps the server's detail for invalid requests", () => {
    expect(describeError(new ApiError(400, "invalid_request", "name: must be 1 to 64 characters"))).toBe(
      "Some of the values are not accepted. Name: must be 1 to 64 characters.",
    );
  });

  it("explains unreachable servers, unknown codes and non-API errors", () => {
    expect(describeError(new NetworkError())).toMatch(/could not be reached/);
    expect(describeError(new ApiError(502, "bad_gateway_whatever", ""))).toMatch(/inside HAsync/);
    expect(describeError(new ApiError(418, "teapot", ""))).toBe(
      "Something unexpected went wrong. Try again.",
    );
    expect(describeError(new Error("boom"))).not.toContain("boom");
  });

  it("puts waits in words", () => {
    expect(waitInWords(0)).toBe("1 second");
    expect(waitInWords(59)).toBe("59 seconds");
    expect(waitInWords(61)).toBe("2 minutes");
  });
});
