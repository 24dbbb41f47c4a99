import { describe, expect, it } from "vitest";
import { apiUrl, socketUrl } from "./urls.js";

describe("ingress-safe URLs", () => {
  it("builds relative API URLs and refuses root-absolute ones", () => {
    expect(apiUrl("admin/devices")).toBe("api/v1/admin/devices");
    expect(() => apiUrl("/admin/devices")).toThrow(/relative/);
  });

  it("keeps the ingress prefix for sockets and follows the page's scheme", () => {
    expect(socketUrl("admin/events", "https://ha.example:8123/api/hassio_ingress/tok3n/")).toBe(
      "wss://ha.example:8123/api/hassio_ingress/tok3n/api/v1/admin/events",
    );
    expect(socketUrl("admin/events", "http://192.0.2.10:8099/")).toBe(
      "ws://192.0.2.10:8099/api/v1/admin/events",
    );
    expect(() => socketUrl("/x", "http://h/")).toThrow(/relative/);
  });
});
