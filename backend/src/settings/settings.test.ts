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
    expect(s).toMatchObject({
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

  it("picks the embedded demo Home Assistant when nothing says where HA is", () => {
    expect(parseSettings({}).ha).toEqual({ mode: "demo" });
  });

  it("uses HASYNC_HA_URL and HASYNC_HA_TOKEN, deriving the WebSocket URL", () => {
    const s = parseSettings({ HASYNC_HA_URL: "https://ha.example:8123/", HASYNC_HA_TOKEN: "llat" });
    expect(s.ha).toEqual({
      mode: "url",
      websocketUrl: "wss://ha.example:8123/api/websocket",
      restUrl: "https://ha.example:8123",
      token: "llat",
    });
  });

  it("prefers the Supervisor inside the add-on", () => {
    const s = parseSettings({
      SUPERVISOR_TOKEN: "sup",
      HASYNC_HA_URL: "http://x:8123",
      HASYNC_HA_TOKEN: "t",
    });
    expect(s.ha).toMatchObject({
      mode: "supervisor",
      websocketUrl: "ws://supervisor/core/websocket",
      token: "sup",
    });
  });

  it("refuses half a Home Assistant target and half a TLS setup, listing both", () => {
    let caught: unknown;
    try {
      parseSettings({ HASYNC_HA_URL: "http://ha.local:8123", HASYNC_SSL: "true", HASYNC_CERTFILE: "c.pem" });
    } catch (e) {
      caught = e;
    }
    const problems = (caught as SettingsError).problems;
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).toMatch(/HASYNC_HA_TOKEN[\s\S]*HASYNC_KEYFILE/);
    expect(() => parseSettings({ HASYNC_HA_URL: "ftp://ha.local", HASYNC_HA_TOKEN: "t" })).toThrow(
      /HASYNC_HA_URL/,
    );
  });

  it("hands out the admin password once, then forgets it", () => {
    const s = parseSettings({ HASYNC_ADMIN_PASSWORD: "correct horse battery" });
    expect(s.takeAdminPassword()).toBe("correct horse battery");
    expect(s.takeAdminPassword()).toBeUndefined();
    expect(JSON.stringify(s)).not.toContain("horse");
  });

  it("reads the admin and device limits, normalising the ingress peer", () => {
    const s = parseSettings({
      HASYNC_INGRESS_PEER: "::ffff:127.0.0.1",
      HASYNC_ADMIN_USERNAME: "root",
      HASYNC_MAX_DEVICE_CONNECTIONS: "5",
    });
    expect(s).toMatchObject({ ingressPeer: "127.0.0.1", adminUsername: "root", maxDeviceConnections: 5 });
    expect(parseSettings({}).ingressPeer).toBe("172.30.32.2");
    expect(() => parseSettings({ HASYNC_MAX_DEVICE_CONNECTIONS: "0" })).toThrow(
      /HASYNC_MAX_DEVICE_CONNECTIONS/,
    );
  });

  it("reads an optional ingress port that must differ from the main port", () => {
    expect(parseSettings({}).ingressPort).toBeUndefined();
    expect(parseSettings({ HASYNC_INGRESS_PORT: "8098" }).ingressPort).toBe(8098);
    expect(() => parseSettings({ HASYNC_INGRESS_PORT: "8099" })).toThrow(/must differ/);
  });

  it("rejects ports out of range", () => {
    expect(() => parseSettings({ HASYNC_PORT: "70000" })).toThrow(/HASYNC_PORT/);
    expect(() => parseSettings({ HASYNC_PORT: "-1" })).toThrow(/HASYNC_PORT/);
    expect(() => parseSettings({ HASYNC_PORT: "80.5" })).toThrow(/HASYNC_PORT/);
  });
});
