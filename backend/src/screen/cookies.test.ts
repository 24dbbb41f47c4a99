import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { readNamedCookie, SCREEN_COOKIE } from "./cookies.js";

const withCookie = (cookie: string | undefined) => ({ headers: { cookie } }) as unknown as IncomingMessage;

describe("readNamedCookie", () => {
  it("reads one cookie among others", () => {
    expect(readNamedCookie(withCookie(`a=1; ${SCREEN_COOKIE}=hasync_abc-DEF; b=2`), SCREEN_COOKIE)).toBe(
      "hasync_abc-DEF",
    );
  });

  it("ignores a missing, empty, oversized or foreign-looking value", () => {
    expect(readNamedCookie(withCookie(undefined), SCREEN_COOKIE)).toBeUndefined();
    expect(readNamedCookie(withCookie(`${SCREEN_COOKIE}=`), SCREEN_COOKIE)).toBeUndefined();
    expect(readNamedCookie(withCookie(`${SCREEN_COOKIE}=${"a".repeat(129)}`), SCREEN_COOKIE)).toBeUndefined();
    expect(readNamedCookie(withCookie(`${SCREEN_COOKIE}=a%20b`), SCREEN_COOKIE)).toBeUndefined();
    expect(readNamedCookie(withCookie(`x${SCREEN_COOKIE}=abc`), SCREEN_COOKIE)).toBeUndefined();
  });
});
