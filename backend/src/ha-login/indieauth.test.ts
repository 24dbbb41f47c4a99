import { describe, expect, it } from "vitest";
import { isLocalAddress, parseUrl, verifyClientId, verifyRedirectUri } from "./indieauth.js";

/** The cases of HA's own `tests/components/auth/test_indieauth.py`, and the ones HAsync adds. */
const noLookup = { lookup: async () => [] as string[], ownHosts: [] };

describe("HA's client_id rules (indieauth.py verify_client_id)", () => {
  it.each([
    "http://example.com",
    "https://example.com/",
    "http://example.com:8123/",
    "http://127.0.0.1",
    "http://[::1]",
    "http://192.168.1.5/",
    "http://10.0.0.2:8123/",
    "http://[fd00::1]/",
    "http://8.8.8.8:80/",
    "https://home-assistant.io/iOS",
    "http://example.com/a/b?c=d",
  ])("accepts %s", (url) => expect(verifyClientId(url)).toBe(true));

  it.each([
    "",
    "example.com",
    "ftp://example.com",
    "homeassistant://auth-callback",
    "http://example.com/./a",
    "http://example.com/a/../b",
    "http://example.com/#frag",
    "http://user@example.com",
    "http://user:pass@example.com",
    "http://example.com:abc",
    "http://example.com:99999",
    "http://8.8.8.8",
    "http://[2001:4860::8888]",
    "http:///nohost",
    "http://exa mple.com",
    "http://example.com/\u0000",
    `http://example.com/${"a".repeat(2100)}`,
  ])("refuses %j", (url) => expect(verifyClientId(url)).toBe(false));

  it("splits URLs as Python's urlparse does, lowercasing the netloc and defaulting the path", () => {
    expect(parseUrl("HTTP://Example.COM:81?x#y")).toEqual({
      scheme: "http",
      netloc: "example.com:81",
      path: "/",
      query: "x",
      fragment: "y",
    });
  });

  it("knows HA's local networks (util/network.py is_local)", () => {
    for (const ip of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.0.9",
      "169.254.1.1",
      "::1",
      "fe80::1",
      "::ffff:192.168.1.1",
    ]) {
      expect(isLocalAddress(ip)).toBe(true);
    }
    for (const ip of ["8.8.8.8", "172.32.0.1", "2001:db8::1", "not an ip"])
      expect(isLocalAddress(ip)).toBe(false);
  });
});

describe("HA's redirect_uri rules (indieauth.py verify_redirect_uri)", () => {
  it("accepts the client's own scheme, host and port", async () => {
    expect(await verifyRedirectUri("http://example.com/", "http://EXAMPLE.com/cb?x=1", noLookup)).toBe(true);
    expect(await verifyRedirectUri("http://example.com:81/", "http://example.com:82/", noLookup)).toBe(false);
    expect(await verifyRedirectUri("http://example.com/", "https://example.com/", noLookup)).toBe(false);
  });

  it("accepts HA's apps' callbacks, exactly, and only for their own client_id", async () => {
    expect(
      await verifyRedirectUri("https://home-assistant.io/iOS", "homeassistant://auth-callback", noLookup),
    ).toBe(true);
    const android = "https://home-assistant.io/android";
    for (const uri of [
      "homeassistant://auth-callback",
      "https://wear.googleapis.com/3p_auth/io.homeassistant.companion.android",
      "https://wear.googleapis-cn.com/3p_auth/io.homeassistant.companion.android",
    ]) {
      expect(await verifyRedirectUri(android, uri, noLookup)).toBe(true);
    }
    expect(
      await verifyRedirectUri("https://home-assistant.io/iOS", "homeassistant://auth-callback2", noLookup),
    ).toBe(false);
    expect(await verifyRedirectUri("https://evil.example/", "homeassistant://auth-callback", noLookup)).toBe(
      false,
    );
  });

  it("accepts what the client's page declares, and looks nothing up for HAsync's own host", async () => {
    const asked: string[] = [];
    const options = {
      lookup: async (clientId: string) => {
        asked.push(clientId);
        return ["myapp://callback"];
      },
      ownHosts: ["hasync.local"],
    };
    expect(await verifyRedirectUri("https://app.example/", "myapp://callback", options)).toBe(true);
    expect(await verifyRedirectUri("https://app.example/", "myapp://other", options)).toBe(false);
    expect(await verifyRedirectUri("http://hasync.local:8099/", "myapp://callback", options)).toBe(false);
    expect(await verifyRedirectUri("http://hasync.local:8099/", "http://hasync.local:8099/x", options)).toBe(
      true,
    );
    expect(asked).toEqual(["https://app.example/", "https://app.example/"]);
  });

  it("refuses what HA's authorize page would never follow, even when declared", async () => {
    const options = { lookup: async () => ["javascript:alert(1)", "data:text/html,x"], ownHosts: [] };
    for (const uri of ["javascript:alert(1)", "data:text/html,x"]) {
      expect(await verifyRedirectUri("https://app.example/", uri, options)).toBe(false);
    }
  });
});
