import { describe, expect, it } from "vitest";
import { apiUrl } from "./urls.js";

describe("ingress-safe URLs", () => {
  it("builds relative API URLs and refuses root-absolute ones", () => {
    expect(apiUrl("admin/devices")).toBe("api/v1/admin/devices");
    expect(() => apiUrl("/admin/devices")).toThrow(/relative/);
  });

  it("resolves under the ingress prefix when the document base carries it", () => {
    const base = "https://ha.example:8123/api/hassio_ingress/tok3n/";
    expect(new URL(apiUrl("admin/events"), base).pathname).toBe(
      "/api/hassio_ingress/tok3n/api/v1/admin/events",
    );
  });
});
