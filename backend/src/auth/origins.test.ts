import { describe, expect, it } from "vitest";
import { configuredHosts, hostnameOf, isHomeHost } from "./origins.js";

describe("home hosts (names a DNS-rebinding page cannot claim)", () => {
  const none = new Set<string>();
  it.each([
    ["192.168.1.20", true],
    ["::1", true],
    ["localhost", true],
    ["homeassistant", true],
    ["homeassistant.local", true],
    ["ha.home.arpa", true],
    ["nas.fritz.box", true],
    ["evil.example", false],
    ["192.168.1.20.nip.io", false],
    ["local.evil.example", false],
    ["", false],
  ])("%s → %s", (host, expected) => {
    expect(isHomeHost(host, none)).toBe(expected);
  });

  it("trusts the hosts of Home Assistant's own configured URLs", () => {
    const configured = configuredHosts(["https://ha.example.com:8443", null, "not a url", 7]);
    expect([...configured]).toEqual(["ha.example.com"]);
    expect(isHomeHost("ha.example.com", configured)).toBe(true);
  });

  it("reads the host name out of a Host header", () => {
    expect(hostnameOf("HomeAssistant.Local:8099")).toBe("homeassistant.local");
    expect(hostnameOf("[::1]:8099")).toBe("::1");
    expect(hostnameOf("a:99999")).toBe("");
  });
});
