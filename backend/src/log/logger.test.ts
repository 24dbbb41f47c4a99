import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

const at = () => new Date("2026-01-02T03:04:05.000Z");

describe("logger", () => {
  it("writes namespaced plain lines and respects the level", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", format: "plain", write: (l) => lines.push(l), now: at });
    log.debug("hidden");
    log.child("ha").info("connected", { version: "2026.11.0", note: "two words" });
    expect(lines).toEqual([
      '2026-01-02T03:04:05.000Z INFO  hasync:ha: connected version=2026.11.0 note="two words"',
    ]);
  });

  it("writes JSON lines on the switch", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "debug", format: "json", write: (l) => lines.push(l), now: at });
    log.warn("slow", { ms: 12 });
    expect(JSON.parse(lines[0] ?? "")).toEqual({
      time: "2026-01-02T03:04:05.000Z",
      level: "warn",
      ns: "hasync",
      msg: "slow",
      ms: 12,
    });
  });

  it("never prints values of secret-looking fields", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "debug", format: "plain", write: (l) => lines.push(l) });
    log.info("x", { password: "hunter22", access_token: "abc", user_code: "ABCD-EFGH", device_code: "z" });
    expect(lines[0]).not.toMatch(/hunter22|abc|ABCD-EFGH|=z/);
    expect(lines[0]).toContain("password=[redacted]");
    log.info("y", { code: "ABCD-EFGH" });
    log.info("z", { code: 1006 });
    expect(lines[1]).toContain("code=[redacted]");
    expect(lines[2]).toContain("code=1006");
  });
});
