import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError } from "./settings.js";

describe("parseSettings", () => {
  it("applies the defaults when nothing is set", () => {
    const s = parseSettings({}, "/srv/hasync");
    expect(s).toMatchObject({ port: 8099, host: "0.0.0.0", logLevel: "info", logFormat: "plain" });
    expect(s.dataDir).toBe(path.resolve("/srv/hasync", "data"));
    expect(s.frontendDir).toBeUndefined();
    expect(Object.isFrozen(s)).toBe(true);
  });

  it("reads and coerces every variable", () => {
    const s = parseSettings(
      {
        HASYNC_PORT: "9000",
        HASYNC_HOST: "127.0.0.1",
        HASYNC_DATA_DIR: "/data",
        HASYNC_LOG_LEVEL: "debug",
        HASYNC_LOG_FORMAT: "json",
        HASYNC_FRONTEND_DIR: "ui",
      },
      "/app",
    );
    expect(s).toEqual({
      port: 9000,
      host: "127.0.0.1",
      dataDir: "/data",
      logLevel: "debug",
      logFormat: "json",
      frontendDir: "/app/ui",
    });
  });

  it("treats empty values as unset, as run.sh exports unset options", () => {
    expect(parseSettings({ HASYNC_PORT: "", HASYNC_LOG_LEVEL: "" }).port).toBe(8099);
  });

  it("reports every problem at once", () => {
    let caught: unknown;
    try {
      parseSettings({ HASYNC_PORT: "eighty", HASYNC_LOG_LEVEL: "loud", HASYNC_LOG_FORMAT: "xml" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    const problems = (caught as SettingsError).problems.join("\n");
    expect(problems).toContain("HASYNC_PORT");
    expect(problems).toContain("HASYNC_LOG_LEVEL");
    expect(problems).toContain("HASYNC_LOG_FORMAT");
    expect((caught as SettingsError).problems).toHaveLength(3);
  });

  it("rejects ports out of range", () => {
    expect(() => parseSettings({ HASYNC_PORT: "70000" })).toThrow(/HASYNC_PORT/);
    expect(() => parseSettings({ HASYNC_PORT: "-1" })).toThrow(/HASYNC_PORT/);
    expect(() => parseSettings({ HASYNC_PORT: "80.5" })).toThrow(/HASYNC_PORT/);
  });
});
