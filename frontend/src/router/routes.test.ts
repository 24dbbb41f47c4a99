import { describe, expect, it } from "vitest";
import { basePath, hrefOf, matchRoute, routePath } from "./routes.js";

describe("routes relative to the document base", () => {
  it("takes the directory of the base, at / and under ingress", () => {
    expect(basePath("http://192.0.2.1:8099/")).toBe("/");
    expect(basePath("http://192.0.2.1:8099/admin/")).toBe("/admin/");
    expect(basePath("https://ha.example/api/hassio_ingress/tok3n/")).toBe("/api/hassio_ingress/tok3n/");
    expect(basePath("https://ha.example/api/hassio_ingress/tok3n/index.html")).toBe(
      "/api/hassio_ingress/tok3n/",
    );
  });

  it("strips the base from the location", () => {
    const base = "/api/hassio_ingress/tok3n/";
    expect(routePath("/api/hassio_ingress/tok3n/devices/d1", base)).toBe("devices/d1");
    expect(routePath("/api/hassio_ingress/tok3n", base)).toBe("");
    expect(routePath("/api/hassio_ingress/tok3n/", base)).toBe("");
    expect(routePath("/pair/", "/")).toBe("pair");
    // On the LAN port the admin UI lives under /admin/ (the device app has /).
    expect(routePath("/admin/invites", "/admin/")).toBe("invites");
    expect(routePath("/admin", "/admin/")).toBe("");
    expect(routePath("/invite", "/admin/")).toBe("");
    expect(routePath("/elsewhere/pair", base)).toBe("");
  });

  it("matches every screen and nothing else", () => {
    expect(matchRoute("")).toEqual({ name: "overview" });
    expect(matchRoute("pair")).toEqual({ name: "pair" });
    expect(matchRoute("devices")).toEqual({ name: "devices" });
    expect(matchRoute("devices/a%20b")).toEqual({ name: "device", id: "a b" });
    expect(matchRoute("devices/%E0%A4%A")).toEqual({ name: "device", id: "%E0%A4%A" });
    expect(matchRoute("invites")).toEqual({ name: "invites" });
    expect(matchRoute("invites/x")).toEqual({ name: "not_found" });
    expect(matchRoute("activity")).toEqual({ name: "activity" });
    expect(matchRoute("settings")).toEqual({ name: "settings" });
    expect(matchRoute("settings/x")).toEqual({ name: "not_found" });
    expect(matchRoute("devices/a/b")).toEqual({ name: "not_found" });
    expect(matchRoute("api")).toEqual({ name: "not_found" });
  });

  it("builds relative hrefs that round-trip", () => {
    expect(hrefOf({ name: "overview" })).toBe("./");
    expect(hrefOf({ name: "pair" }, { code: "ACDE-FGHJ" })).toBe("pair?code=ACDE-FGHJ");
    const href = hrefOf({ name: "device", id: "a/b c" });
    expect(href).toBe("devices/a%2Fb%20c");
    expect(matchRoute(href)).toEqual({ name: "device", id: "a/b c" });
    expect(new URL(hrefOf({ name: "invites" }), "http://192.0.2.1:8099/admin/").pathname).toBe(
      "/admin/invites",
    );
    for (const name of ["pair", "devices", "invites", "activity", "settings"] as const) {
      expect(hrefOf({ name }).startsWith("/")).toBe(false);
    }
  });
});
