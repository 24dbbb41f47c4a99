import { describe, expect, it } from "vitest";
import { isAuthorizePage, readAuthorizeParams, redirectWithCode, requestProblem } from "./authorize-url.js";

describe("the authorize page's mode", () => {
  it("is auth/authorize under the document base, and nothing else", () => {
    expect(isAuthorizePage("/auth/authorize", "http://hasync.local:8099/")).toBe(true);
    expect(isAuthorizePage("/", "http://hasync.local:8099/")).toBe(false);
    expect(isAuthorizePage("/invite", "http://hasync.local:8099/")).toBe(false);
    expect(isAuthorizePage("/auth/authorize/", "http://hasync.local:8099/")).toBe(false);
    expect(isAuthorizePage("/admin/auth/authorize", "http://hasync.local:8099/")).toBe(false);
    expect(isAuthorizePage("/auth/token", "http://hasync.local:8099/")).toBe(false);
  });
});

describe("what the client asked for", () => {
  it("reads hajs's genAuthorizeUrl query, encoded as it sends it", () => {
    const redirect = "http://127.0.0.1:5555/page?x=1&auth_callback=1";
    const search = `?response_type=code&redirect_uri=${encodeURIComponent(redirect)}&client_id=${encodeURIComponent("http://127.0.0.1:5555/")}&state=eyJoYXNzVXJsIjoiIn0%3D`;
    expect(readAuthorizeParams(search)).toEqual({
      clientId: "http://127.0.0.1:5555/",
      redirectUri: redirect,
      state: "eyJoYXNzVXJsIjoiIn0=",
    });
  });

  it("has empty strings for what is missing", () => {
    expect(readAuthorizeParams("")).toEqual({ clientId: "", redirectUri: "", state: "" });
  });
});

describe("HA's checks before the server is asked (ha-authorize.ts firstUpdated)", () => {
  const ok = { clientId: "http://127.0.0.1:5555/", redirectUri: "http://127.0.0.1:5555/cb", state: "" };

  it("refuses a missing, unreadable or script redirect_uri in HA's words", () => {
    for (const redirectUri of ["", "not a url", "javascript:alert(1)", "data:text/html,x", "about:blank"]) {
      expect(requestProblem({ ...ok, redirectUri })).toBe("Invalid redirect URI");
    }
  });

  it("refuses a missing client_id in HA's words, and leaves the rest to the server", () => {
    expect(requestProblem({ ...ok, clientId: "" })).toBe("Invalid client id");
    expect(requestProblem(ok)).toBeNull();
    expect(requestProblem({ ...ok, redirectUri: "homeassistant://auth-callback" })).toBeNull();
  });
});

describe("the way back with the code (HA's redirectWithAuthCode, src/data/auth.ts)", () => {
  it("starts a query where there is none", () => {
    expect(redirectWithCode("http://127.0.0.1:5555/cb", "c0de", "st")).toBe(
      "http://127.0.0.1:5555/cb?code=c0de&state=st&storeToken=true",
    );
  });

  it("keeps the redirect_uri's own query (hajs's auth_callback=1)", () => {
    expect(redirectWithCode("http://h/p?auth_callback=1", "c", "s")).toBe(
      "http://h/p?auth_callback=1&code=c&state=s&storeToken=true",
    );
    expect(redirectWithCode("http://h/p?a=1&", "c", "s")).toBe(
      "http://h/p?a=1&code=c&state=s&storeToken=true",
    );
    // As HA's: a bare "?" gets an "&" too.
    expect(redirectWithCode("http://h/p?", "c", "s")).toBe("http://h/p?&code=c&state=s&storeToken=true");
  });

  it("encodes the code and state, leaves out an empty state, and storeToken when not kept", () => {
    expect(redirectWithCode("homeassistant://auth-callback", "a/b+c", "x=y&z")).toBe(
      "homeassistant://auth-callback?code=a%2Fb%2Bc&state=x%3Dy%26z&storeToken=true",
    );
    expect(redirectWithCode("http://h/cb", "c", "")).toBe("http://h/cb?code=c&storeToken=true");
    expect(redirectWithCode("http://h/cb", "c", "s", false)).toBe("http://h/cb?code=c&state=s");
  });
});
